import datetime as dt

from sanxiang.catalog.enums import CertificateEventKind, CertificateStatus
from sanxiang.catalog.models import CatalogChange, Certificate, CertificateEvent, Officer

REASON = "人事调整"


def test_it_creates_an_officer_and_issues_a_certificate(world, client_as):
    client = client_as("county_admin")
    response = client.post(
        f"/manage/agency/{world.agency.pk}/officers/new/",
        {"name": "孙新测", "post": "科员", "unit": "一中队", "phone": "13811112222", "reason": REASON},
    )
    officer = Officer.objects.get(name="孙新测")
    assert response.status_code == 302
    assert response["Location"] == f"/manage/officer/{officer.pk}/certificates/new/"
    response = client.post(
        f"/manage/officer/{officer.pk}/certificates/new/",
        {
            "number": "330101009999",
            "categories": "市场监管",
            "areas": "东湖县",
            "issuing_authority": "临江市人民政府",
            "issued_on": "2026-01-01",
            "expires_on": "2031-01-01",
            "reason": REASON,
        },
    )
    assert response.status_code == 302
    cert = Certificate.objects.get(number="330101009999")
    assert cert.officer == officer
    assert cert.events.get().kind == CertificateEventKind.ISSUED
    page = client.get(f"/manage/agency/{world.agency.pk}/").content.decode()
    assert "孙新测" in page and "13811112222" in page and "330101009999" in page


def test_it_edits_and_retires_an_officer(world, client_as):
    client = client_as("county_admin")
    officer = world.officers[0]
    response = client.post(
        f"/manage/officer/{officer.pk}/edit/",
        {"name": officer.name, "post": "队长", "unit": "", "phone": "13800000000", "reason": REASON},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.post == "队长"
    response = client.post(f"/manage/officer/{officer.pk}/retire/", {"reason": "调离执法岗位"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.retired_at is not None
    assert CatalogChange.objects.filter(
        subject_type="officer", subject_id=officer.pk, reason="调离执法岗位"
    ).exists()


def test_it_refuses_to_retire_without_a_reason(world, client_as):
    officer = world.officers[0]
    response = client_as("county_admin").post(f"/manage/officer/{officer.pk}/retire/", {"reason": "  "})
    assert response.status_code == 400
    assert "调整理由为必填项" in response.content.decode()
    officer.refresh_from_db()
    assert officer.retired_at is None


def test_it_walks_a_certificate_through_its_acts(world, client_as):
    client = client_as("county_admin")
    cert = world.certificates[0]
    url = f"/manage/certificate/{cert.pk}/"
    assert client.post(url + "suspend/", {"reason": "涉嫌违纪"}).status_code == 302
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUSPENDED
    assert client.post(url + "reinstate/", {"reason": "调查结束"}).status_code == 302
    assert client.post(url + "renew/", {"expires_on": "2034-01-01", "reason": "到期换证"}).status_code == 302
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.ACTIVE and cert.expires_on == dt.date(2034, 1, 1)
    assert client.post(url + "revoke/", {"reason": "调离"}).status_code == 302
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED
    kinds = list(cert.events.values_list("kind", flat=True))
    assert kinds == ["issued", "suspended", "reinstated", "renewed", "revoked"]
    page = client.get(url).content.decode()
    for reason in ("涉嫌违纪", "调查结束", "到期换证", "调离"):
        assert reason in page


def test_it_refuses_a_wrong_state_with_409_and_keeps_the_typed_reason(world, client_as):
    cert = world.certificates[0]
    before = CertificateEvent.objects.count()
    response = client_as("county_admin").post(
        f"/manage/certificate/{cert.pk}/reinstate/", {"reason": "误操作恢复"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "误操作恢复" in body
    assert CertificateEvent.objects.count() == before


def test_it_refuses_a_renewal_that_is_not_later(world, client_as):
    cert = world.certificates[0]
    response = client_as("county_admin").post(
        f"/manage/certificate/{cert.pk}/renew/", {"expires_on": "2028-01-01", "reason": "换证"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field="expires_on"' in body and "2028-01-01" in body
    cert.refresh_from_db()
    assert cert.expires_on == dt.date(2029, 1, 1)
