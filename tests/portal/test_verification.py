"""亮证执法: certificate verification by signed link, by number, and its QR codes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse

from sanxiang.catalog import actions
from sanxiang.catalog.policies import VERIFY_RATE_PER_MINUTE
from sanxiang.catalog.verification import (
    certificate_from_token,
    make_token,
    make_verification_url,
    verification_path,
)

pytestmark = pytest.mark.django_db


def verify(client, cert):
    return client.get(verification_path(cert))


def test_it_signs_the_public_id_into_an_absolute_url(settings, world):
    settings.SITE_URL = "https://zf.example.gov.cn"
    cert = world.certificates[0]
    url = make_verification_url(cert)
    assert url.startswith("https://zf.example.gov.cn/certificates/")
    assert cert.number not in url
    assert certificate_from_token(make_token(cert)) == cert


def test_it_shows_a_valid_certificate_without_private_data(client, world):
    cert = world.certificates[0]
    response = verify(client, cert)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="verify-result valid"' in html
    for text in ("有效", "张伟测", world.agency.name, "市场监管", cert.number, "2029-01-01", "查验时间"):
        assert text in html, text
    assert "13800000000" not in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_shows_a_revocation_at_once(client, world):
    cert = world.certificates[0]
    assert "verify-result valid" in verify(client, cert).content.decode()
    actions.revoke_certificate(actor=world.user("county_admin"), certificate=cert, reason="违法违纪")
    html = verify(client, cert).content.decode()
    assert 'class="verify-result revoked"' in html
    assert "注销" in html


def test_it_shows_a_suspension(client, world):
    cert = world.certificates[1]
    actions.suspend_certificate(actor=world.user("county_admin"), certificate=cert, reason="暂停执法资格")
    html = verify(client, cert).content.decode()
    assert 'class="verify-result suspended"' in html
    assert "暂扣" in html


def test_it_shows_an_expired_certificate(client, world):
    cert = world.certificates[2]
    with time_machine.travel(dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC)):
        html = verify(client, cert).content.decode()
        assert 'class="verify-result expired"' in html
        assert "过期" in html
        assert "2030-01-01" in html  # the check time


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "00000000-0000-4000-8000-000000000000:" + token.split(":", 1)[1],
        lambda token: "not-a-token",
    ],
)
def test_it_refuses_a_forged_token(client, world, tamper):
    token = tamper(make_token(world.certificates[0]))
    for name in ("verify", "qr_png", "qr_svg"):
        response = client.get(reverse(f"catalog_public:{name}", args=[token]))
        assert response.status_code == 404
    html = client.get(reverse("catalog_public:verify", args=[token])).content.decode()
    assert "伪造" in html
    assert "张伟测" not in html


def test_it_looks_up_a_certificate_by_number(client, world):
    cert = world.certificates[0]
    actions.revoke_certificate(actor=world.user("county_admin"), certificate=cert, reason="违法违纪")
    response = client.get(reverse("catalog_public:verify_lookup"), {"number": cert.number.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="verify-result revoked"' in html and "注销" in html and "张伟测" in html
    # A certificate number does not give away the signed link or its QR code.
    assert make_token(cert) not in html
    assert "qr.png" not in html


def test_it_says_when_a_number_is_unknown(client, world):
    response = client.get(reverse("catalog_public:verify_lookup"), {"number": "NO-SUCH-0001"})
    assert response.status_code == 404
    assert "未查到" in response.content.decode()


def test_it_rate_limits_lookups_per_address(client, world):
    actions.set_policy(
        actor=world.user("county_admin"),
        key=VERIFY_RATE_PER_MINUTE.key,
        target=world.agency,
        value=3,
        reason="测试限流",
    )
    cert = world.certificates[0]
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, 5, tzinfo=dt.UTC)):
        for _ in range(3):
            assert verify(client, cert).status_code == 200
        response = verify(client, cert)
        assert response.status_code == 429
        assert "查询过于频繁" in response.content.decode()
        lookup = client.get(reverse("catalog_public:verify_lookup"), {"number": cert.number})
        assert lookup.status_code == 429
        # Another address is not affected.
        assert client.get(verification_path(cert), REMOTE_ADDR="10.0.0.9").status_code == 200
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 1, 5, tzinfo=dt.UTC)):
        assert verify(client, cert).status_code == 200  # a new minute


def test_it_counts_misses_against_the_default_limit(client, world):
    limit = VERIFY_RATE_PER_MINUTE.default
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, 5, tzinfo=dt.UTC)):
        for index in range(limit):
            response = client.get(reverse("catalog_public:verify_lookup"), {"number": f"GUESS-{index:04d}"})
            assert response.status_code == 404
        response = client.get(reverse("catalog_public:verify_lookup"), {"number": "GUESS-9999"})
        assert response.status_code == 429


def test_it_serves_the_qr_code_as_png_and_svg(client, world, settings):
    settings.SITE_URL = "https://zf.example.gov.cn"
    token = make_token(world.certificates[0])
    png = client.get(reverse("catalog_public:qr_png", args=[token]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = client.get(reverse("catalog_public:qr_svg", args=[token]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(svg.content)  # noqa: S314  (our own output, parsed to check it is well-formed)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    html = client.get(reverse("catalog_public:verify", args=[token])).content.decode()
    assert f"/certificates/{token}/qr.png" in html and f"/certificates/{token}/qr.svg" in html
    assert make_verification_url(world.certificates[0]) in html
