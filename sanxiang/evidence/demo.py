"""Small generated media for demo cases and tests: photos with EXIF capture times (pillow), a short
audio clip and a short video with ``creation_time`` (ffmpeg lavfi ``sine`` / ``testsrc``), stored on a
case through the same action as a browser upload."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from sanxiang.cases.models import Case
from sanxiang.evidence import actions, blobs
from sanxiang.evidence.models import Evidence

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def photo_bytes(
    *, taken_at: dt.datetime | None = None, text: str = "sanxiang", size: tuple[int, int] = (640, 480)
) -> bytes:
    """A JPEG whose EXIF DateTimeOriginal is ``taken_at`` in the camera's local (Beijing) time."""
    image = Image.new("RGB", size, (40, 90, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(255, 255, 255), width=4)
    draw.text((40, 40), text, fill=(255, 255, 0))
    exif = Image.Exif()
    if taken_at is not None:
        local = taken_at.astimezone(SHANGHAI)
        exif[0x0110] = "DemoCam 1"  # Model
        exif.get_ifd(0x8769)[36867] = local.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
        exif.get_ifd(0x8769)[36881] = "+08:00"  # OffsetTimeOriginal
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _ffmpeg(args: list[str], suffix: str) -> bytes:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not installed (apt-get install ffmpeg)")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"out{suffix}"
        subprocess.run(  # noqa: S603
            [ffmpeg, "-v", "error", "-y", *args, str(target)], check=True, capture_output=True, timeout=60
        )
        return target.read_bytes()


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def video_bytes(*, recorded_at: dt.datetime | None = None, seconds: int = 2) -> bytes:
    """A small H.264 MP4 (testsrc picture and a sine tone) with ``creation_time``."""
    meta = ["-metadata", f"creation_time={_utc(recorded_at)}"] if recorded_at else []
    return _ffmpeg(
        [
            "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=320x240:rate=15",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-shortest", *meta, "-movflags", "+faststart",
        ],
        ".mp4",
    )  # fmt: skip


def audio_bytes(*, recorded_at: dt.datetime | None = None, seconds: int = 2) -> bytes:
    """A small M4A (AAC) tone with ``creation_time``."""
    meta = ["-metadata", f"creation_time={_utc(recorded_at)}"] if recorded_at else []
    return _ffmpeg(
        ["-f", "lavfi", "-i", f"sine=frequency=660:duration={seconds}", "-c:a", "aac", *meta],
        ".m4a",
    )


def store(
    *, case: Case, actor: Any, data: bytes, name: str, kind: str, step: str = "", **extra: Any
) -> Evidence:
    upload = blobs.stage_stream(iter([data]), name=name)
    try:
        return actions.add_evidence(
            actor=actor, case=case, upload=upload, data={"kind": kind, "step": step, **extra}, channel="demo"
        )
    finally:
        upload.close()


def add_demo_evidence(
    case: Case,
    actor: Any,
    *,
    at: dt.datetime | None = None,
    step: str = "",
    photos: int = 2,
    audio: bool = True,
    video: bool = True,
    place: str = "东湖县人民路 1 号经营场所",
) -> list[Evidence]:
    """Photos, one audio clip and one video on ``case`` (at its current step unless ``step`` is
    given), captured a little before ``at`` as a device would stamp them."""
    at = at or dt.datetime.now(SHANGHAI)
    items = []
    for index in range(photos):
        taken = at - dt.timedelta(minutes=30 - index)
        items.append(
            store(
                case=case,
                actor=actor,
                data=photo_bytes(taken_at=taken, text=f"{case.number or case.pk} #{index + 1}"),
                name=f"IMG_{taken:%Y%m%d_%H%M%S}.jpg",
                kind="physical",
                step=step,
                title=f"现场照片 {index + 1}",
                place=place,
            )
        )
    if audio:
        items.append(
            store(
                case=case,
                actor=actor,
                data=audio_bytes(recorded_at=at - dt.timedelta(minutes=20)),
                name="询问录音.m4a",
                kind="audiovisual",
                step=step,
                title="询问录音",
                place=place,
            )
        )
    if video:
        items.append(
            store(
                case=case,
                actor=actor,
                data=video_bytes(recorded_at=at - dt.timedelta(minutes=25)),
                name="执法记录仪.mp4",
                kind="audiovisual",
                step=step,
                title="现场执法记录视频",
                place=place,
            )
        )
    return items
