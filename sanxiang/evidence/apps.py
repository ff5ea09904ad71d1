from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sanxiang.evidence"
    label = "evidence"
    verbose_name = "evidence"

    def ready(self) -> None:
        # cases may not import evidence (layers), so evidence plugs into it here.
        from sanxiang.cases import hooks
        from sanxiang.evidence import av, fixity, policies, triggers, views
        from sanxiang.recordlog.verify import register_file_checker

        assert policies.AV_REQUIREMENTS  # registers the policy settings
        assert triggers.TRIGGERS  # registers the items' append-only triggers with recordlog's switch
        hooks.register_guard(av.av_guard)
        hooks.register_case_panel(views.case_panel)
        register_file_checker(fixity.check_logged_blobs)
