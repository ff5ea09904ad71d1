"""The workbench pages: open a case through the form, see its acts (greyed ones with the article),
act through a form, and get 409 with nothing changed for an act out of order."""

from __future__ import annotations

from sanxiang.cases.models import Case
from sanxiang.recordlog.models import Entry


def test_it_opens_a_case_and_acts_on_it_through_the_pages(world, client_as, clock):
    client = client_as("officer")
    assert client.get("/cases/").status_code == 200
    response = client.post(
        "/cases/new/",
        {
            "procedure": "general",
            "title": "网页登记案",
            "source": "complaint",
            "party_kind": "natural_person",
            "party_name": "张三测",
            "party_id_number": "11010519491231002X",
            "officers": [str(world.officers[0].pk), str(world.officers[1].pk)],
        },
    )
    case = Case.objects.get(title="网页登记案")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "只有机关负责人可以办理此环节" in page  # 立案 is the head's: greyed with the reason
    log = Entry.objects.count()
    out_of_order = client.post(f"/cases/{case.pk}/act/decide/", {"kinds": "warning"})
    assert out_of_order.status_code == 409
    assert "线索登记" in out_of_order.content.decode()
    assert Entry.objects.count() == log and Case.objects.get(pk=case.pk).version == 1
    head = client_as("head")
    done = head.post(f"/cases/{case.pk}/act/file/", {"records": "filing_approval"})
    assert done.status_code == 302
    page = head.get(f"/cases/{case.pk}/").content.decode()
    assert "自2026年3月2日立案起90日" in page and "第六十条" in page


def test_other_agencies_do_not_see_the_case(world, client_as, open_case):
    case = open_case()
    assert client_as("other_head").get(f"/cases/{case.pk}/").status_code == 404
    assert client_as("supervisor").get(f"/cases/{case.pk}/").status_code == 200
