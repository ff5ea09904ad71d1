from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sanxiang.cases"
    label = "cases"
    verbose_name = "cases"

    def ready(self) -> None:
        from sanxiang.cases import (
            actions,
            hooks,
            policies,  # noqa: F401  (registers the cases' policy settings)
            receivers,
            triggers,  # noqa: F401  (registers cases_act's append-only triggers with recordlog's switch)
        )
        from sanxiang.workdays.signals import calendar_year_completed

        # Periods waiting for a year's holiday schedule get their last day once it is complete.
        calendar_year_completed.connect(
            receivers.calendar_year_completed, dispatch_uid="cases.recompute_pending_deadlines"
        )
        # An inspection that found a suspected violation opens its penalty case in the same act.
        hooks.register_after_act(actions.open_case_from_inspection)
