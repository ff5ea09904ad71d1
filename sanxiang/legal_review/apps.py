from django.apps import AppConfig


class LegalReviewConfig(AppConfig):
    name = "sanxiang.legal_review"
    label = "legal_review"
    verbose_name = "legal_review"

    def ready(self) -> None:
        # cases may not import legal_review (layers), so the gate and the classification plug in here.
        from sanxiang.cases import hooks
        from sanxiang.documents import permissions as document_permissions
        from sanxiang.legal_review import actions, consultation, gate, opinion_document, policies, views

        assert policies.REVIEW_DAYS  # registers the policy settings
        hooks.register_guard(gate.major_decision_guard)
        hooks.register_after_act(actions.classify_after_act)
        hooks.register_case_panel(views.case_panel)
        document_permissions.register_kind_issuer(opinion_document.KIND, opinion_document.reviewer_may_issue)
        document_permissions.register_kind_issuer(consultation.KIND, consultation.reviewer_may_issue)
