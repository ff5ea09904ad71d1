"""Pages of legal review: the case page's panel (classification, rounds, the forms of each role),
the forms' POST targets, the reviewer's queue, the agency's catalogue (managed by the head or an
administrator, published on the portal), the legal reviewers' profiles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.cases import permissions as case_permissions
from sanxiang.cases import queries as case_queries
from sanxiang.cases.enums import PenaltyKind
from sanxiang.cases.models import Case
from sanxiang.cases.penalties import Penalty
from sanxiang.cases.procedures.engine import parse_penalty
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_edit_agency_lists
from sanxiang.catalog.views.manage_common import require, respond
from sanxiang.core import policy
from sanxiang.core.errors import DomainError, Invalid, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.legal_review import actions, citations, consultation, extension, profiles, queries, rules
from sanxiang.legal_review.models import AdviserRole, Answer, Opinion, ReviewRound


def _role(user: Any) -> str | None:
    return getattr(user, "role", None)


def case_panel(request: HttpRequest, case: Case) -> str:
    """The case page's section on legal review (registered in ``cases.hooks``)."""
    user: Any = request.user
    latest = queries.latest_round(case)
    open_round = latest if latest is not None and not latest.opinion else None
    classification = queries.classifications(case).last()
    answers = actions.current_answers(open_round) if open_round else {}
    is_reviewer = bool(open_round and open_round.reviewer_id == user.pk)
    return render_to_string(
        "legal_review/panel.html",
        {
            "case": case,
            "major": queries.is_major(case),
            "classification": classification,
            "escalations": queries.escalations(case),
            "rounds": [(r, actions.current_answers(r)) for r in queries.rounds(case)],
            "open_round": open_round,
            "discussion": queries.latest_discussion(case),
            "can_work": case_permissions.can_work_on_case(user, case),
            "is_head": _role(user) == Role.HEAD and user.agency_id == case.agency_id,
            "is_reviewer_role": _role(user) == Role.LEGAL_REVIEWER and user.agency_id == case.agency_id,
            "is_reviewer": is_reviewer,
            "reviewers": get_user_model().objects.filter(
                agency=case.agency, role=Role.LEGAL_REVIEWER, is_active=True
            ),
            "checklist": [(n, text, answers.get(n)) for n, text in enumerate(queries.CHECKLIST, start=1)],
            "answer_choices": Answer.choices,
            "opinion_choices": Opinion.choices,
            "grounds": [(k, v[0]) for k, v in rules.GROUNDS.items()],
            "penalty_kinds": PenaltyKind.choices,  # the submit and discussion forms' lighter draft
            **_panel_more(user, case, open_round, is_reviewer),
        },
        request=request,
    )


def _panel_more(user: Any, case: Case, open_round: ReviewRound | None, is_reviewer: bool) -> dict[str, Any]:
    """The adviser's opinions and the extension of the open round (``_panel_more.html``)."""
    is_head = _role(user) == Role.HEAD and user.agency_id == case.agency_id
    return {
        "consultations": consultation.consultations(case),
        "may_consult": consultation.may_record(user, case),
        "adviser_roles": AdviserRole.choices,
        "round_numbers": list(queries.rounds(case).values_list("number", flat=True)),
        "extension_days": int(
            policy.value("legal_review.extension_working_days", case.agency.policy_scopes())
        ),
        "may_request_extension": bool(
            open_round and is_reviewer and not open_round.extended_days and not open_round.extension_pending
        ),
        "may_decide_extension": bool(open_round and is_head and not open_round.extended_days),
    }


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:case", args=[case.pk]) + "#legal-review")


def _refused(request: HttpRequest, case: Case, error: DomainError) -> HttpResponse:
    return respond(request, "legal_review/refused.html", {"case": case, "title": _("Legal review")}, error)


def _open_round(case: Case) -> ReviewRound:
    row = queries.latest_round(case)
    if row is None or row.opinion:
        raise WrongState(
            "review_no_open_round", _("The case has no open review round."), citation=citations.ART_58
        )
    return row


def _require_role(user: Any, roles: set[str]) -> None:
    if _role(user) not in roles:
        raise NotAllowed("not_allowed", _("Your role may not do this in a legal review."))


def _post_view(roles: Any, work: Any, done: Any) -> Any:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        if roles is not None:
            require(_role(request.user) in roles)
        case = case_queries.case_for_user(request.user, pk)
        try:
            work(request, case)
        except DomainError as exc:
            return _refused(request, case, exc)
        messages.success(request, str(done))
        return _back(case)

    return view


def _escalate(request: HttpRequest, case: Case) -> None:
    actions.escalate(actor=request.user, case=case, data=request.POST)


def _posted_penalty(request: HttpRequest) -> Penalty | None:
    """The decision drafted where it differs from the notice (a lighter one after the statement or
    the hearing, Art. 45), cleaned like the case act's penalty; None when the form leaves it empty."""
    return parse_penalty(
        {
            "kinds": request.POST.getlist("kinds"),
            "fine": request.POST.get("fine", ""),
            "confiscation_value": request.POST.get("confiscation_value", ""),
            "detail": request.POST.get("detail", ""),
        },
        required=False,
    )


def _submit(request: HttpRequest, case: Case) -> None:
    if "note" not in request.POST:
        raise Invalid("required", _("Write the explanatory note."), field="note")
    penalty = _posted_penalty(request)
    actions.submit(actor=request.user, case=case, note=request.POST["note"], penalty=penalty)


def _assign(request: HttpRequest, case: Case) -> None:
    row = _open_round(case)
    raw = request.POST.get("reviewer", "")
    reviewer = (
        get_user_model().objects.filter(pk=int(raw), agency=case.agency).first() if raw.isdigit() else None
    )
    if reviewer is None:
        raise Invalid(
            "reviewer_not_eligible",
            _("The reviewer must be a legal reviewer of the case's agency."),
            field="reviewer",
            citation=citations.REVIEW_BODY,
        )
    actions.assign(actor=request.user, round=row, reviewer=reviewer)


def _answers(request: HttpRequest, case: Case) -> None:
    row = _open_round(case)
    given = {
        n: (request.POST[f"answer_{n}"], request.POST.get(f"comment_{n}", ""))
        for n in range(1, len(queries.CHECKLIST) + 1)
        if request.POST.get(f"answer_{n}")
    }
    actions.answer_many(actor=request.user, round=row, answers=given)


def _opinion(request: HttpRequest, case: Case) -> None:
    row = _open_round(case)
    actions.give_opinion(
        actor=request.user,
        round=row,
        opinion=request.POST.get("opinion", ""),
        text=request.POST.get("text", ""),
    )


def _recuse(request: HttpRequest, case: Case) -> None:
    actions.recuse(actor=request.user, round=_open_round(case), reason=request.POST.get("reason", ""))


def _ask_supplement(request: HttpRequest, case: Case) -> None:
    actions.ask_supplement(actor=request.user, round=_open_round(case), what=request.POST.get("what", ""))


def _supplement(request: HttpRequest, case: Case) -> None:
    actions.supplement(actor=request.user, round=_open_round(case), note=request.POST.get("note", ""))


def _discuss(request: HttpRequest, case: Case) -> None:
    penalty = _posted_penalty(request)
    actions.discuss(actor=request.user, case=case, data=request.POST, penalty=penalty)


def _consult(request: HttpRequest, case: Case) -> None:
    raw = request.POST.get("round", "")
    round_ = ReviewRound.objects.filter(case=case, number=int(raw)).first() if raw.isdigit() else None
    if raw and round_ is None:
        raise Invalid("round_unknown", _("Choose a review round of this case."), field="round")
    consultation.record_consultation(actor=request.user, case=case, data=request.POST, round=round_)


def _request_extension(request: HttpRequest, case: Case) -> None:
    extension.request_extension(
        actor=request.user, round=_open_round(case), reason=request.POST.get("reason", "")
    )


def _extend(request: HttpRequest, case: Case) -> None:
    extension.extend(actor=request.user, round=_open_round(case), reason=request.POST.get("reason", ""))


def _refuse_extension(request: HttpRequest, case: Case) -> None:
    extension.refuse_extension(
        actor=request.user, round=_open_round(case), reason=request.POST.get("reason", "")
    )


WORKERS = {Role.OFFICER, Role.HEAD}
escalate_view = _post_view(WORKERS, _escalate, gettext_lazy("The case is marked major."))
submit_view = _post_view(WORKERS, _submit, gettext_lazy("Submitted for legal review."))
assign_view = _post_view({Role.HEAD, Role.LEGAL_REVIEWER}, _assign, gettext_lazy("The reviewer is assigned."))
answers_view = _post_view(
    {Role.LEGAL_REVIEWER}, _answers, gettext_lazy("The checklist answers are recorded.")
)
opinion_view = _post_view({Role.LEGAL_REVIEWER}, _opinion, gettext_lazy("The review opinion is recorded."))
recuse_view = _post_view({Role.LEGAL_REVIEWER}, _recuse, gettext_lazy("You stepped down from the review."))
ask_supplement_view = _post_view(
    {Role.LEGAL_REVIEWER}, _ask_supplement, gettext_lazy("The handler is asked for the missing material.")
)
supplement_view = _post_view(WORKERS, _supplement, gettext_lazy("The material is supplied."))
discuss_view = _post_view({Role.HEAD}, _discuss, gettext_lazy("The collective discussion is recorded."))
consult_view = _post_view(
    {Role.OFFICER, Role.HEAD, Role.LEGAL_REVIEWER},
    _consult,
    gettext_lazy("The legal adviser's opinion is recorded and its document issued."),
)
extension_request_view = _post_view(
    {Role.LEGAL_REVIEWER}, _request_extension, gettext_lazy("The extension is asked of the head.")
)
extension_approve_view = _post_view({Role.HEAD}, _extend, gettext_lazy("The review period is extended."))
extension_refuse_view = _post_view({Role.HEAD}, _refuse_extension, gettext_lazy("The extension is refused."))


@login_required
@require_http_methods(["GET", "POST"])
def reviewers_view(request: HttpRequest) -> HttpResponse:
    """The legal reviewers' qualifications; the head or an administrator edits them in place."""
    user: Any = request.user
    error: DomainError | None = None
    if request.method == "POST":
        raw = request.POST.get("user", "")
        target = profiles.reviewers_for(user).filter(pk=int(raw)).first() if raw.isdigit() else None
        try:
            if target is None:
                raise Invalid("reviewer_unknown", _("Choose one of the legal reviewers."), field="user")
            profiles.save_profile(actor=user, user=target, data=request.POST)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The reviewer's qualification is saved."))
            return redirect("legal_review:reviewers")
    rows = [
        (
            reviewer,
            getattr(reviewer, "reviewer_profile", None),
            actions.is_qualified(reviewer),
            profiles.may_edit(user, reviewer),
        )
        for reviewer in profiles.reviewers_for(user)
    ]
    return respond(
        request,
        "legal_review/reviewers.html",
        {"title": _("Legal reviewers"), "rows": rows, "posted": request.POST},
        error,
    )


@login_required
def queue_view(request: HttpRequest) -> HttpResponse:
    return respond(
        request,
        "legal_review/queue.html",
        {
            "title": _("Legal review"),
            "mine": queries.queue(request.user),
            "unassigned": queries.unassigned(request.user),
            "overdue": queries.overdue(request.user),
        },
    )


def _agency(pk: int) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise Http404
    return agency


def _catalogue_context(agency: Agency) -> dict[str, Any]:
    current = queries.rules_of(agency)
    return {
        "agency": agency,
        "saved": queries.catalogue_of(agency),
        "rules": current,
        "kinds": [(k.value, k.label, k.value in current.kinds) for k in PenaltyKind],
        "grounds": [(v[0], v[1]) for v in rules.GROUNDS.values()],
    }


def catalogue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The portal page: the agency's catalogue of major decisions, each rule with its source."""
    agency = _agency(pk)
    return respond(
        request,
        "legal_review/catalogue.html",
        {"title": _("Catalogue of major enforcement decisions"), **_catalogue_context(agency)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency(pk)
    require(can_edit_agency_lists(request.user, agency))
    context = {"title": _("Edit the catalogue of major decisions"), **_catalogue_context(agency)}
    if request.method == "POST":
        try:
            if "many_parties" not in request.POST:
                raise Invalid("required", _("The form is incomplete: reload the page."), field="many_parties")
            data: dict[str, Any] = {k: request.POST.get(k) for k in request.POST if k != "penalty_kinds"}
            data["penalty_kinds"] = request.POST.getlist("penalty_kinds")
            for flag in ("review_all", "hearing_held", "suspected_crime", "outside_benchmark", "dispute"):
                data[flag] = flag in request.POST
            actions.save_catalogue(actor=request.user, agency=agency, data=data)
        except DomainError as exc:
            return respond(request, "legal_review/catalogue_edit.html", context, exc)
        messages.success(request, _("The catalogue is saved and published."))
        return redirect("legal_review:catalogue", agency.pk)
    return respond(request, "legal_review/catalogue_edit.html", context)
