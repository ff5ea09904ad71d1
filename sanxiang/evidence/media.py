"""What the file says about itself: capture time, duration, size in pixels, and a thumbnail.

Images are read with pillow (EXIF ``DateTimeOriginal``); audio and video with ffprobe (JSON,
``creation_time``) and ffmpeg (one frame). Device clocks drift and many cameras write local time,
so the raw value is kept beside the parsed one, and neither replaces the upload time.
Nothing here reads a file whole: pillow decodes a reduced draft, ffprobe and ffmpeg read from disk.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext, gettext_noop, override
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
THUMB = (320, 320)
UNREADABLE_AV = gettext_noop(
    "The audio or video file could not be read: it is damaged or in a format the server does not know."
)
PROBE_TIMEOUT = 30  # seconds; a probe that hangs on a hostile file is a broken file
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
OFFSET_TIME_ORIGINAL = 36881
DATETIME = 306
# Above this many pixels an image is stored without a thumbnail: decoding a 12000×12000 PNG took
# 5.5 s and ~110 MB (security review F8), far under Pillow's own bomb threshold (~179 Mpx).
# Setting SANXIANG_THUMBNAIL_MAX_PIXELS overrides it.
THUMBNAIL_MAX_PIXELS = 50_000_000


def thumbnail_max_pixels() -> int:
    return int(getattr(settings, "SANXIANG_THUMBNAIL_MAX_PIXELS", THUMBNAIL_MAX_PIXELS))


def _note(message: str, **values: object) -> str:
    """The note kept with the item and shown to people (API included): Chinese, and free of server
    detail such as temporary paths, which goes to the log instead."""
    with override("zh-hans"):
        return gettext(message) % values if values else gettext(message)


@dataclass
class MediaFacts:
    captured_at: dt.datetime | None = None
    captured_raw: str = ""
    capture_source: str = ""
    duration_ms: int | None = None
    width: int | None = None
    height: int | None = None
    device_model: str = ""
    thumbnail: bytes | None = None
    unreadable: bool = False
    problem: str = ""


def is_image(mime: str) -> bool:
    return mime.startswith("image/")


def is_av(mime: str) -> bool:
    return mime.startswith(("video/", "audio/"))


def parse_exif_time(raw: str, offset: str = "") -> dt.datetime | None:
    try:
        naive = dt.datetime.strptime(raw.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if offset:
        try:
            return dt.datetime.strptime(f"{naive:%Y-%m-%d %H:%M:%S}{offset.strip()}", "%Y-%m-%d %H:%M:%S%z")
        except ValueError:
            pass
    # No offset written: a camera sold here keeps Beijing time.
    return naive.replace(tzinfo=SHANGHAI)


def parse_iso_time(raw: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    # A creation_time without zone is the device's local clock.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=SHANGHAI)


def image_facts(path: Path) -> MediaFacts:
    facts = MediaFacts()
    try:
        with Image.open(path) as image:
            facts.width, facts.height = image.size
            exif = image.getexif()
            sub = exif.get_ifd(EXIF_IFD)
            raw = str(sub.get(DATETIME_ORIGINAL) or exif.get(DATETIME) or "")
            if raw:
                facts.captured_raw = raw[:60]
                facts.captured_at = parse_exif_time(raw, str(sub.get(OFFSET_TIME_ORIGINAL) or ""))
                facts.capture_source = "exif"
            facts.device_model = str(exif.get(0x0110) or "")[:100]  # Model
            limit = thumbnail_max_pixels()
            if image.width * image.height > limit:
                # Only the header was read so far; the pixels are not decoded at all.
                facts.problem = _note(
                    gettext_noop(
                        "The image has more than %(mpx)s million pixels: it is stored without a thumbnail."
                    ),
                    mpx=f"{limit / 1_000_000:g}",
                )
                return facts
            image.draft("RGB", THUMB)  # JPEG: decode at a fraction of full size
            thumb = ImageOps.exif_transpose(image.convert("RGB"))
            thumb.thumbnail(THUMB)
            out = io.BytesIO()
            thumb.save(out, "JPEG", quality=80)
            facts.thumbnail = out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        logger.info("image not readable: %s: %s", type(exc).__name__, exc)
        facts.unreadable = True
        facts.problem = _note(
            gettext_noop("The image could not be read: the file is damaged or not a supported image.")
        )
    return facts


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, capture_output=True, timeout=PROBE_TIMEOUT, check=False)  # noqa: S603


def av_facts(path: Path) -> MediaFacts:
    facts = MediaFacts()
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        logger.error("ffprobe is not installed: audio and video are stored unchecked")
        facts.unreadable = True
        facts.problem = _note(
            gettext_noop("The server could not check this audio or video file; it is stored unchecked.")
        )
        return facts
    try:
        done = _run(
            [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
        )
        data = json.loads(done.stdout or b"{}")
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        logger.info("ffprobe failed on %s: %s", path.name, type(exc).__name__)
        facts.unreadable = True
        facts.problem = _note(UNREADABLE_AV)
        return facts
    streams = data.get("streams") or []
    fmt = data.get("format") or {}
    if done.returncode != 0 or not streams:
        # ffprobe's message names the temporary file's path: for the log, not for the response.
        logger.info("ffprobe refused %s: %s", path.name, done.stderr.decode("utf-8", "replace").strip()[:500])
        facts.unreadable = True
        facts.problem = _note(UNREADABLE_AV)
        return facts
    if not any(s.get("codec_type") in {"video", "audio"} for s in streams):
        facts.unreadable = True
        facts.problem = _note(gettext_noop("The file holds no audio or video stream."))
        return facts
    try:
        facts.duration_ms = round(float(str(fmt.get("duration"))) * 1000)
    except (TypeError, ValueError):
        facts.duration_ms = None
    tags = {str(k).lower(): str(v) for k, v in (fmt.get("tags") or {}).items()}
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    for stream in streams:
        for key, value in (stream.get("tags") or {}).items():
            tags.setdefault(str(key).lower(), str(value))
    raw = tags.get("creation_time", "")
    if raw:
        facts.captured_raw = raw[:60]
        facts.captured_at = parse_iso_time(raw)
        facts.capture_source = "ffprobe"
    facts.device_model = (tags.get("com.apple.quicktime.model") or tags.get("model") or "")[:100]
    if video is not None:
        facts.width = int(video.get("width") or 0) or None
        facts.height = int(video.get("height") or 0) or None
        facts.thumbnail = video_frame(path, facts.duration_ms)
        if facts.thumbnail is None:
            # ffprobe read the header, but not one picture decodes: a truncated or damaged recording.
            facts.unreadable = True
            facts.problem = _note(
                gettext_noop(
                    "No picture of the video could be decoded: the recording may be truncated or damaged."
                )
            )
    return facts


def video_frame(path: Path, duration_ms: int | None) -> bytes | None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    at = min(1.0, (duration_ms or 0) / 2000)
    try:
        done = _run(
            [
                ffmpeg, "-v", "error", "-ss", f"{at:.3f}", "-i", str(path), "-frames:v", "1",
                "-vf", f"scale={THUMB[0]}:-2", "-f", "image2", "-c:v", "mjpeg", "pipe:1",
            ]
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None


def read_facts(path: Path, mime: str) -> MediaFacts:
    if is_image(mime):
        return image_facts(path)
    if is_av(mime):
        return av_facts(path)
    return MediaFacts()
