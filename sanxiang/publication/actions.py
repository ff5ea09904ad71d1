"""Writes of the publication app. Each action is one transaction that checks who acts and in which
state, changes the record and appends one record log entry (ARCHITECTURE rule 1)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.enums import PenaltyKind
from sanxiang.cases.models import Act, Case, Party
from sanxiang.cases.penalties import Penalty
from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import Invalid, NotAllowed, NotVisible, WrongState
from sanxiang.publication import (
    decision_number,
    full_text,
    outbox,
    permissions,
    queries,
    redaction,
    rules,
    scan,
    search,
    withdrawal_tasks,
)

# Requests from the public and their abuse limits live in ``corrections``; re-exported for callers.
from sanxiang.publication.corrections import (  # noqa: F401
    CORRECTION_SPECS,
    close_as_abuse,
    request_correction,
)
from sanxiang.publication.models import (
    Correction,
    CorrectionState,
    DecisionKind,
    Record,
    RecordState,
    Version,
    WithdrawalGround,
)
from sanxiang.recordlog import actions as recordlog

# The acts of the procedures (``cases.procedures``) that make a decision to publish.
DECISION_ACTS = {
    "decide": DecisionKind.PENALTY,
    "decide_on_the_spot": DecisionKind.PENALTY,
    "record_result": DecisionKind.INSPECTION,
    "decide_licence": DecisionKind.LICENCE,
}


def _log(
    kind: str, record: Record, actor: Any, payload: dict[str, Any], at: dt.datetime | None = None
) -> None:
    recordlog.append(
        kind=f"publication.{kind}",
        subject=record,
        actor=actor,
        payload={"case_id": record.case_id, "state": record.state, **payload},
        occurred_at=at or clock.now(),
        agency_id=record.agency_id,
    )


def _penalty_text(case: Case) -> str:
    penalty = Penalty.from_json(case.decided_penalty)
    labels = dict(PenaltyKind.choices)
    # The fine is named once, with its amount ("罚款；罚款人民币…元" read as two fines).
    parts = [
        str(labels.get(kind, kind))
        for kind in penalty.kinds
        if not (kind == PenaltyKind.FINE and penalty.fine is not None)
    ]
    if penalty.fine is not None:
        parts.append(f"罚款人民币{penalty.fine}元")
    if penalty.detail:
        parts.append(penalty.detail)
    return "；".join(parts)


def _summary(case: Case, act: Act, kind: str, party: Party | None) -> dict[str, str]:
    decided_on = case.decided_on or clock.today()
    if kind == DecisionKind.LICENCE:
        return _licence_summary(case, act, party, decided_on)
    return {
        "document_number": decision_number.number_for(case, kind),
        "party": party.name if party else "",
        "credit_code": party.credit_code if party else "",
        "violation": case.title,
        "basis": case.legal_basis,
        "penalty": _penalty_text(case) if kind == DecisionKind.PENALTY else str(act.data.get("result", "")),
        "deciding_body": case.agency.name,
        "decided_on": decided_on.isoformat(),
    }


def _licence_summary(case: Case, act: Act, party: Party | None, decided_on: dt.date) -> dict[str, str]:
    """行政许可法 Art. 40 and 118号: document number, applicant, licence item, outcome, licence
    number and validity, deciding body and date. The keys a penalty has are kept (the licence item
    as ``violation``, the outcome as ``penalty``) for the readers that show any decision alike."""
    data = act.data or {}
    granted = data.get("outcome") == "granted"
    number = decision_number.number_for(case, DecisionKind.LICENCE, "granted" if granted else "refused")
    licence_number = str(data.get("licence_number") or "") if granted else ""
    valid_until = str(data.get("valid_until") or "") if granted else ""
    if granted:
        outcome = f"准予行政许可（许可证编号：{licence_number}，有效期至{valid_until}）"
    else:
        outcome = f"不予行政许可。理由：{data.get('reasons', '')}"
    return {
        "document_number": number,
        "party": party.name if party else "",
        "credit_code": party.credit_code if party else "",
        "licence_item": case.title,
        "violation": case.title,
        "basis": case.legal_basis,
        "outcome": "granted" if granted else "refused",
        "penalty": outcome,
        "licence_number": licence_number,
        "valid_until": valid_until,
        "deciding_body": case.agency.name,
        "decided_on": decided_on.isoformat(),
    }


def _original_text(summary: dict[str, str], case: Case, act: Act, party: Party | None) -> str:
    if "licence_item" in summary:
        lines = [
            f"{decision_number.LINE_LABEL}{summary['document_number'] or decision_number.MISSING}",
            f"申请人：{summary['party']}",
        ]
        if summary["credit_code"]:
            lines.append(f"统一社会信用代码：{summary['credit_code']}")
        lines += [f"许可事项：{summary['licence_item']}", f"许可依据：{summary['basis']}"]
        if summary["outcome"] == "granted":
            lines += [
                "许可决定：准予行政许可",
                f"许可证编号：{summary['licence_number']}",
                f"有效期至：{summary['valid_until']}",
            ]
        else:
            lines += ["许可决定：不予行政许可", f"不予许可理由：{act.data.get('reasons', '')}"]
        lines += [f"作出机关：{summary['deciding_body']}", f"作出日期：{summary['decided_on']}"]
        return "\n".join(lines)
    lines = [
        f"{decision_number.LINE_LABEL}{summary['document_number'] or decision_number.MISSING}",
        f"当事人：{summary['party']}",
    ]
    if party is not None and party.kind == "natural_person":
        lines += [f"身份证号码：{party.id_number}", f"住址：{party.address}"] if party.id_number else []
    elif summary["credit_code"]:
        lines.append(f"统一社会信用代码：{summary['credit_code']}")
    facts = case.facts or str(act.data.get("findings", ""))
    # The title (案由) is published as the summary's "violation": it is in the text so that the
    # reviewer sees it and the masks and the leak scan cover it (a title may name a person or a phone).
    lines += [
        f"案由：{summary['violation']}",
        f"违法事实：{facts}",
        f"处罚依据：{summary['basis']}",
        f"处罚内容：{summary['penalty']}",
        f"作出机关：{summary['deciding_body']}",
        f"作出日期：{summary['decided_on']}",
    ]
    return "\n".join(lines)


def on_decision(ctx: Any, act: Act) -> None:
    """After-act hook (``cases.hooks``): a decision opens its publication record, in the act's
    transaction, entered by the handler who decided (谁办案谁录入谁负责)."""
    kind = DECISION_ACTS.get(act.act)
    if kind is None or ctx.preview:
        return
    case: Case = Case.objects.get(pk=act.case_id)
    if Record.objects.filter(case=case).exists():
        return
    party = case.parties.order_by("pk").first()
    decided_on = case.decided_on or ctx.on
    deadline = rules.publication_deadline(kind, decided_on)
    rule_id, citation = (deadline.rule_id, deadline.citation) if deadline else rules.first_rule(kind)
    period = rules.public_period(case, party, decided_on)
    summary = _summary(case, act, kind, party)
    state, reason = RecordState.DRAFT, ""
    if rules.is_minor(party, decided_on):
        state, reason = RecordState.WITHHELD, rules.MINOR_CITATION
    elif (excluded := rules.excluded_by_scope(case, kind)) is not None:
        state, reason = RecordState.WITHHELD, excluded
    parties = list(case.parties.values("kind", "name", "id_number", "address", "phone"))
    record = Record.objects.create(
        agency=case.agency,
        case=case,
        decision_kind=kind,
        state=state,
        entered_by=ctx.actor,
        summary=summary,
        original_text=_original_text(summary, case, act, party),
        private_values=redaction.private_values(parties, summary["party"], []),
        party_name=summary["party"],
        credit_code=summary["credit_code"],
        document_number=summary["document_number"],
        decided_on=decided_on,
        due=deadline.due if deadline else None,
        due_rule=rule_id,
        due_citation=citation,
        due_explanation=deadline.explanation if deadline else "官方日历尚未录入，期限待日历录入后确定",
        public_until=period.until,
        period_rule=period.rule,
        credit_class=period.credit_class,
        withheld_reason=reason,
        created_at=clock.now(),
    )
    full_text.on_decision(record, act)
    _log(
        "created",
        record,
        ctx.actor,
        {"due": deadline.as_dict() if deadline else None, "rule": rule_id, "withheld_reason": reason},
    )


def _locked(record: Record, actor: Any, allowed: Any, states: set[str]) -> Record:
    with transaction.atomic():
        fresh = Record.objects.select_for_update().get(pk=record.pk)
    if not permissions.can_see(actor, fresh):
        raise NotVisible("publication_not_visible", _("No such publication record."))
    if not allowed(actor, fresh):
        raise NotAllowed("publication_not_allowed", _("You may not do this on this publication record."))
    if fresh.state not in states:
        raise WrongState(
            "publication_state",
            _("The publication record is %(state)s; this step is not possible now.")
            % {"state": fresh.get_state_display()},
        )
    return fresh


DRAFT_SPECS = (
    Spec("text", _("Text to publish"), kind="multiline", max_length=20000, required=False),
    Spec(
        "other_persons",
        _("Other natural persons named in the text"),
        kind="multiline",
        max_length=2000,
        required=False,
    ),
)


@transaction.atomic
def edit_draft(*, actor: Any, record: Record, data: dict[str, Any]) -> Record:
    record = _locked(record, actor, permissions.can_draft, {RecordState.DRAFT})
    values = clean(data, DRAFT_SPECS, partial=True)
    full_text.refuse_edit(record, values.get("text"))
    if values.get("text"):
        record.original_text = values["text"]
    if "other_persons" in values:
        others = [name.strip() for name in (values["other_persons"] or "").replace("，", "\n").split("\n")]
        parties = list(record.case.parties.values("kind", "name", "id_number", "address", "phone"))
        record.private_values = redaction.private_values(parties, record.party_name, [n for n in others if n])
    record.save(update_fields=["original_text", "private_values"])
    _log("draft_edited", record, actor, {"text_digest": _digest(record.original_text)})
    return record


WITHHOLD_SPECS = (
    Spec(
        "ground",
        _("Ground for withholding"),
        kind="choice",
        choices={
            "state_secret": "state_secret",
            "commercial_secret": "commercial_secret",
            "no_social_impact": "no_social_impact",
            "国家秘密": "state_secret",
            "商业秘密": "commercial_secret",
            "无社会影响": "no_social_impact",
        },
    ),
    Spec("note", _("Note"), max_length=300),
)


@transaction.atomic
def withhold(*, actor: Any, record: Record, data: dict[str, Any]) -> Record:
    """The handler marks a state or commercial secret (G-02) or, under the "social impact" policy,
    a penalty without social impact (处罚法 Art. 48): the record is kept, never published."""
    record = _locked(record, actor, permissions.can_draft, {RecordState.DRAFT, RecordState.REDACTION})
    values = clean(data, WITHHOLD_SPECS)
    if values["ground"] == "no_social_impact":
        scope = policy.value("publication.scope", record.agency.policy_scopes())
        if scope != "social_impact":
            raise Invalid(
                "publication_scope",
                _(
                    "Ground for withholding: this agency publishes every decision of this kind; only a secret may withhold it."
                ),
                field="ground",
            )
        citation = "《中华人民共和国行政处罚法》第四十八条第一款：具有一定社会影响的行政处罚决定应当依法公开"
    else:
        citation = rules.SECRET_CITATION
    record.state = RecordState.WITHHELD
    record.withheld_reason = f"{values['note']}（{citation}）"[:300]
    record.save(update_fields=["state", "withheld_reason"])
    _log("withheld", record, actor, {"ground": values["ground"], "reason": record.withheld_reason})
    return record


def _allowed_values(record: Record) -> list[str]:
    return [v for v in (record.credit_code, record.document_number) if v]


@transaction.atomic
def submit(*, actor: Any, record: Record, at: dt.datetime | None = None) -> Record:
    """Draft → redaction: the masks are proposed automatically (G-05) for the publication officer."""
    record = _locked(record, actor, permissions.can_draft, {RecordState.DRAFT})
    full_text.refresh_for_submission(record, DECISION_ACTS)
    decision_number.refuse_missing(record)
    masks = redaction.auto_masks(
        record.original_text, record.private_values, _allowed_values(record), record.agency.policy_scopes()
    )
    masks += redaction.name_masks(record.original_text, record.party_name, _party_mode(record))
    record.masks = redaction.merge(masks)
    record.state = RecordState.REDACTION
    record.save(update_fields=["masks", "state", "original_text", "document_number", "summary"])
    _log("submitted", record, actor, {"masks": len(record.masks), "content": record.content}, at)
    return record


MASK_SPECS = (
    Spec("text", _("Text to mask"), max_length=500),
    Spec("reason", _("Reason"), max_length=300),
)


def _mask_index(raw: Any) -> int:
    try:
        index = int(str(raw).strip())
    except ValueError:
        index = -1
    if index < 0:
        raise Invalid("mask_unknown", _("Mask: there is no such mask."), field="index")
    return index


UNMASK_SPECS = (
    Spec("index", _("Mask"), kind="custom", parser=lambda raw: _mask_index(raw)),
    Spec("reason", _("Reason"), max_length=300),
)


@transaction.atomic
def add_mask(*, actor: Any, record: Record, data: dict[str, Any]) -> Record:
    """Mask every occurrence of a piece of the original text, with the reviewer's reason."""
    record = _locked(record, actor, permissions.can_redact, {RecordState.REDACTION})
    values = clean(data, MASK_SPECS)
    needle, found = values["text"], []
    start = record.original_text.find(needle)
    while start >= 0:
        found.append(start)
        start = record.original_text.find(needle, start + 1)
    if not found:
        raise Invalid(
            "mask_not_found", _("Text to mask: it does not occur in the original text."), field="text"
        )
    added = [
        {
            "start": s,
            "end": s + len(needle),
            "category": "manual",
            "reason": values["reason"],
            "auto": False,
            "by": actor.username,
        }
        for s in found
    ]
    record.masks = redaction.merge([*record.masks, *added])
    record.save(update_fields=["masks"])
    _log(
        "mask_added",
        record,
        actor,
        {"spans": [[m["start"], m["end"]] for m in added], "reason": values["reason"]},
    )
    return record


@transaction.atomic
def remove_mask(*, actor: Any, record: Record, data: dict[str, Any]) -> Record:
    record = _locked(record, actor, permissions.can_redact, {RecordState.REDACTION})
    values = clean(data, UNMASK_SPECS)
    if values["index"] >= len(record.masks):
        raise Invalid("mask_unknown", _("Mask: there is no such mask."), field="index")
    removed = record.masks.pop(values["index"])
    record.save(update_fields=["masks"])
    _log(
        "mask_removed",
        record,
        actor,
        {"span": [removed["start"], removed["end"]], "reason": values["reason"]},
    )
    return record


def leak_hits(record: Record, text: str | None = None) -> list[scan.Hit]:
    final = redaction.apply(record.original_text, record.masks) if text is None else text
    return scan.scan(final, [v["value"] for v in record.private_values], _allowed_values(record))


# The summary fields shown in public (item page, portal, feed, CSV, API, outbox), each published
# only as its redacted copy ``summary["public"]`` made at approval (``public_summary``).
PUBLIC_FIELDS = (
    "document_number",
    "party",
    "credit_code",
    "violation",
    "licence_item",
    "basis",
    "penalty",
    "outcome",
    "licence_number",
    "valid_until",
    "deciding_body",
    "decided_on",
)
FIELD_LABELS = {
    "document_number": "文号",
    "party": "当事人",
    "credit_code": "统一社会信用代码",
    "violation": "案由",
    "licence_item": "许可事项",
    "basis": "依据",
    "penalty": "处理内容",
    "licence_number": "许可证编号",
    "deciding_body": "作出机关",
}
# The lines of a (corrected) public text that carry a summary field: a correction changes them.
LINE_FIELDS = {
    "当事人": ("party",),
    "申请人": ("party",),
    "案由": ("violation",),
    "许可事项": ("licence_item", "violation"),
    "处罚依据": ("basis",),
    "许可依据": ("basis",),
    "处罚内容": ("penalty",),
}


def _party_mode(record: Record) -> str:
    if record.case.parties.filter(name=record.party_name, kind="natural_person").exists():
        return str(policy.value("publication.party_name_masking", record.agency.policy_scopes()))
    return "none"


def _occurrences(text: str, needle: str) -> list[dict[str, Any]]:
    spans, start = [], text.find(needle)
    while start >= 0:
        spans.append({"start": start, "end": start + len(needle)})
        start = text.find(needle, start + 1)
    return spans


def _field_masks(record: Record, value: str, mode: str) -> list[dict[str, Any]]:
    masks = redaction.auto_masks(
        value, record.private_values, _allowed_values(record), record.agency.policy_scopes()
    )
    masks += redaction.name_masks(value, record.party_name, mode)
    # What the reviewer hid in the text is hidden wherever it occurs in a field too; the party's
    # own name is masked above by the policy's rule.
    for mask in record.masks:
        piece = record.original_text[int(mask["start"]) : int(mask["end"])]
        if mask.get("category") != "party_name" and piece.strip():
            masks += _occurrences(value, piece)
    return redaction.merge(masks)


def redacted_summary(record: Record) -> dict[str, str]:
    """The summary fields as they may be published: each field masked by the same rules as the
    text (automatic masks, the party-name policy, the reviewer's masks). Call before approval,
    while ``party_name`` is still the unmasked name."""
    mode = _party_mode(record)
    public: dict[str, str] = {}
    for key in PUBLIC_FIELDS:
        if key in record.summary:
            value = str(record.summary[key] or "")
            public[key] = redaction.apply(value, _field_masks(record, value, mode))
    return public


def _public_hits(record: Record, public: dict[str, str]) -> list[tuple[str, scan.Hit]]:
    known = [v["value"] for v in record.private_values]
    return [
        (key, hit)
        for key, value in public.items()
        for hit in scan.scan(value, known, _allowed_values(record))
    ]


def _refuse_leaks(record: Record, text: str | None = None, public: dict[str, str] | None = None) -> None:
    hits = [("", hit) for hit in leak_hits(record, text)]
    hits += _public_hits(record, redacted_summary(record) if public is None else public)
    if hits:
        listed = "；".join(
            f"{FIELD_LABELS.get(key, key) + '：' if key else ''}{hit.label}「{hit.text}」"
            for key, hit in hits[:10]
        )
        raise Invalid(
            "publication_leak",
            _("Leak scan: the text to publish still contains personal data: %(hits)s. Mask it first.")
            % {"hits": listed},
            field="masks",
            citation="《中华人民共和国个人信息保护法》第二十八条、第三十四条；legal-rules G-05",
        )


@transaction.atomic
def review(*, actor: Any, record: Record, at: dt.datetime | None = None) -> Record:
    """The publication officer's review: the leak scan must find nothing; then to the head."""
    record = _locked(record, actor, permissions.can_redact, {RecordState.REDACTION})
    _refuse_leaks(record)
    record.state = RecordState.APPROVAL
    record.save(update_fields=["state"])
    _log(
        "reviewed",
        record,
        actor,
        {"text_digest": _digest(redaction.apply(record.original_text, record.masks))},
        at,
    )
    return record


@transaction.atomic
def send_back(*, actor: Any, record: Record, data: dict[str, Any]) -> Record:
    record = _locked(record, actor, permissions.can_approve, {RecordState.APPROVAL})
    values = clean(data, (Spec("reason", _("Reason"), max_length=300),))
    record.state = RecordState.REDACTION
    record.save(update_fields=["state"])
    _log("sent_back", record, actor, {"reason": values["reason"]})
    return record


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _search_text(record: Record, text: str) -> str:
    return search.normalise(
        "\n".join([record.party_name, record.credit_code, record.document_number, record.agency.name, text])
    )


@transaction.atomic
def approve(*, actor: Any, record: Record, at: dt.datetime | None = None) -> Record:
    """The head approves and the text goes public; its SHA-256 is in the record log, so anyone can
    check the published text against the log. ``at`` is for the demo's replay of past days."""
    record = _locked(record, actor, permissions.can_approve, {RecordState.APPROVAL})
    decision_number.refuse_missing(record)
    text = redaction.apply(record.original_text, record.masks)
    public = redacted_summary(record)
    _refuse_leaks(record, text, public)
    record.published_text = text
    record.published_digest = _digest(text)
    # Every public reader shows only this redacted copy; the case's own values stay internal.
    record.summary = {**record.summary, "public": public}
    record.party_name = public.get("party", "") or redaction.apply(
        record.party_name, redaction.name_masks(record.party_name, record.party_name, _party_mode(record))
    )
    record.search_text = _search_text(record, text)
    record.search_grams = search.grams(record.search_text)
    record.state = RecordState.PUBLISHED
    record.published_at = at or clock.now()
    record.approved_by = actor
    record.save()
    Version.objects.create(
        record=record,
        number=record.version,
        text=text,
        digest=record.published_digest,
        at=record.published_at,
    )
    outbox.enqueue(record, "published")
    _log(
        "published",
        record,
        actor,
        {
            "digest": record.published_digest,
            "due": record.due.isoformat() if record.due else None,
            "on_time": record.on_time,
        },
        at,
    )
    return record


WITHDRAW_SPECS = (
    Spec("ground", _("Ground"), kind="choice", choices=choices_from(WithdrawalGround)),
    Spec("reason", _("Public reason"), max_length=300),
    Spec("ground_on", _("Date the decision was changed or revoked"), kind="date"),
)


@transaction.atomic
def withdraw(*, actor: Any, record: Record, data: dict[str, Any]) -> Record:
    """处罚法 Art. 48 ¶2: a changed, revoked, illegal or void decision comes down within 3 days with a
    public reason. The due date is recorded so the takedown log shows whether it was on time."""
    record = _locked(record, actor, permissions.can_withdraw, {RecordState.PUBLISHED})
    # A task opened from the case (``withdrawal_tasks``) brings its ground, reason and date; what the
    # officer types still wins.
    task = withdrawal_tasks.latest_change(record)
    if task is not None:
        data = {**task, **{key: value for key, value in data.items() if str(value or "").strip()}}
    values = clean(data, WITHDRAW_SPECS)
    if values["ground_on"] > clock.today():
        raise Invalid(
            "withdrawal_date",
            _("Date the decision was changed or revoked: it cannot be in the future."),
            field="ground_on",
        )
    due = rules.withdrawal_deadline(record, values["ground_on"], "决定变更或撤销")
    record.state = RecordState.WITHDRAWN
    record.withdrawal_ground = values["ground"]
    record.withdrawal_reason = values["reason"]
    record.withdrawal_due = due.due
    record.withdrawn_at = clock.now()
    record.search_text = ""
    record.search_grams = ""
    record.save()
    outbox.enqueue(record, "withdrawn")
    _log(
        "withdrawn",
        record,
        actor,
        {
            "ground": values["ground"],
            "reason": values["reason"],
            "due": due.as_dict(),
            "task": task is not None,
            "on_time": withdrawal_tasks.on_time(record),
        },
    )
    return record


HANDLE_SPECS = (
    Spec("accept", _("Accept"), kind="bool"),
    Spec("response", _("Response"), kind="multiline", max_length=2000),
    Spec("text", _("Corrected text"), kind="multiline", max_length=20000, required=False),
)


@transaction.atomic
def handle_correction(*, actor: Any, correction: Correction, data: dict[str, Any]) -> Correction:
    """Accepted: the corrected text (leak-scanned) becomes a new public version; the old stays in
    the public history. Rejected: the response is the answer."""
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    record = _locked(correction.record, actor, permissions.can_redact, {RecordState.PUBLISHED})
    if correction.state != CorrectionState.OPEN:
        raise WrongState("correction_handled", _("This correction request has already been handled."))
    values = clean(data, HANDLE_SPECS)
    if values["accept"]:
        text = values.get("text") or ""
        if not text.strip():
            raise Invalid(
                "correction_text",
                _("Corrected text: an accepted correction needs the corrected text."),
                field="text",
            )
        public = _corrected_summary(record, text)
        _refuse_leaks(record, text, public)
        record.version += 1
        record.summary = {**record.summary, "public": public}
        record.party_name = public.get("party", record.party_name)
        record.published_text = text
        record.published_digest = _digest(text)
        record.search_text = _search_text(record, text)
        record.search_grams = search.grams(record.search_text)
        record.save()
        Version.objects.create(
            record=record,
            number=record.version,
            text=text,
            digest=record.published_digest,
            note=f"更正 {correction.tracking_number}",
            at=clock.now(),
        )
        outbox.enqueue(record, "corrected")
    correction.state = CorrectionState.ACCEPTED if values["accept"] else CorrectionState.REJECTED
    correction.response = values["response"]
    correction.handled_at = clock.now()
    correction.save()
    _log(
        "corrected" if values["accept"] else "correction_rejected",
        record,
        actor,
        {
            "tracking_number": correction.tracking_number,
            "digest": record.published_digest if values["accept"] else "",
        },
    )
    return correction


def _corrected_summary(record: Record, text: str) -> dict[str, str]:
    """The public summary after a correction: a field whose line (当事人：…, 案由：…, 处罚内容：…) the
    corrected text carries takes that line's value; the text is the redacted public one, scanned."""
    public = dict(queries.public_summary(record))
    for line in text.splitlines():
        label, sep, value = line.partition("：")
        if sep and label.strip() in LINE_FIELDS:
            for key in LINE_FIELDS[label.strip()]:
                if key in public or key in {"party", "violation", "basis", "penalty"}:
                    public[key] = value.strip()
    return public


def expire_due(*, today: dt.date | None = None) -> int:
    """The periodic job: items whose public period is over leave public view, kept internally."""
    today = today or clock.today()
    count = 0
    for pk in Record.objects.filter(state=RecordState.PUBLISHED, public_until__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            record = Record.objects.select_for_update().get(pk=pk)
            if record.state != RecordState.PUBLISHED:
                continue
            record.state = RecordState.EXPIRED
            record.expired_at = clock.now()
            record.search_text = ""
            record.search_grams = ""
            record.save(update_fields=["state", "expired_at", "search_text", "search_grams"])
            outbox.enqueue(record, "expired")
            _log("expired", record, None, {"public_until": record.public_until.isoformat()})
            count += 1
    return count
