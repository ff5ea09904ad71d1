"""Audio-video records per procedure step (legal-rules B-03 to B-05, G-07).

The local 音像记录事项清单 is a policy setting mapping act names to mandatory, situational or
optional. A mandatory act cannot be done without an audio or video evidence item collected for
that step of the case, or a written exemption approved by the agency head. Situational steps are
shown as recommended on the case page but never refused."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from sanxiang.cases.models import Case
from sanxiang.cases.procedures.acts import act_label
from sanxiang.cases.procedures.engine import allowed_acts, procedure_of
from sanxiang.core import policy
from sanxiang.core.errors import Invalid
from sanxiang.evidence.enums import AVRequirement
from sanxiang.evidence.models import AVExemption, Evidence

if TYPE_CHECKING:
    from sanxiang.cases.procedures.base import Context, Refusal

AV_CITATION = _(
    "118号 §三(二): full, uninterrupted audio-video recording of on-site acts touching personal "
    "liberty, life and health or major property; 《行政处罚法》第四十七条"
)


def parse_requirements(text: str) -> dict[str, str]:
    """``act:requirement`` pairs; refuses a malformed list with the offending item named."""
    table: dict[str, str] = {}
    allowed = {choice.value for choice in AVRequirement}
    for item in str(text or "").split(","):
        item = item.strip()
        if not item:
            continue
        act, sep, level = (part.strip() for part in item.partition(":"))
        if not sep or not act or level not in allowed:
            raise Invalid(
                "av_list_format",
                _("Audio-video list item %(item)s must be act:mandatory, act:situational or act:optional.")
                % {"item": item},
                field="value",
            )
        table[act] = level
    return table


def requirements(case: Case) -> dict[str, str]:
    return parse_requirements(policy.value("evidence.av_requirements", case.agency.policy_scopes()))


def requirement(case: Case, act: str) -> str:
    return requirements(case).get(act, AVRequirement.OPTIONAL)


def has_av_record(case: Case, step: str) -> bool:
    items = Evidence.objects.filter(case=case, step=step, withdrawn_at__isnull=True)
    return (
        items.filter(mime__startswith="video/").exists() or items.filter(mime__startswith="audio/").exists()
    )


def has_exemption(case: Case, step: str) -> bool:
    return AVExemption.objects.filter(case=case, step=step, approved_at__isnull=False).exists()


def av_guard(ctx: Context) -> Refusal | None:
    from sanxiang.cases.procedures.base import Refusal

    act = ctx.transition.act
    if requirement(ctx.case, act) != AVRequirement.MANDATORY:
        return None
    if has_av_record(ctx.case, act) or has_exemption(ctx.case, act):
        return None
    return Refusal(
        "av_record_missing",
        _(
            "%(act)s needs an audio-video record of the act (uploaded for this step), or a written "
            "exemption approved by the agency head."
        )
        % {"act": act_label(act)},
        AV_CITATION,
        field="evidence",
    )


def av_status(case: Case, user: object) -> list[dict[str, Any]]:
    """Steps of this case that call for audio-video: the acts open now and those already done,
    each with its requirement and whether a record or an approved exemption is there."""
    table = requirements(case)
    steps: list[str] = []
    for act in case.acts.order_by("occurred_at", "id").values_list("act", flat=True):
        if act not in steps:
            steps.append(act)
    if case.state not in procedure_of(case).final:
        for option in allowed_acts(case, user):
            if option.act not in steps:
                steps.append(option.act)
    rows: list[dict[str, Any]] = []
    for step in steps:
        level = table.get(step, AVRequirement.OPTIONAL)
        if level == AVRequirement.OPTIONAL:
            continue
        rows.append(
            {
                "step": step,
                "label": act_label(step),
                "level": level,
                "level_label": AVRequirement(level).label,
                "recorded": has_av_record(case, step),
                "exempted": has_exemption(case, step),
            }
        )
    return rows
