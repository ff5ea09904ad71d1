from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

VERIFY_RATE_PER_MINUTE = register(
    Policy(
        key="catalog.certificate_lookups_per_minute",
        label=_("Public certificate look-ups allowed per minute from one address"),
        default=30,
        kind="int",
        minimum=1,
        maximum=10000,
        source="issue #2 (anti-scraping; no legal source, U)",
    )
)
CERTIFICATE_VALIDITY_YEARS = register(
    Policy(
        key="catalog.certificate_validity_years",
        label=_("Default validity of a new enforcement certificate"),
        default=5,
        kind="int",
        unit=_("years"),
        minimum=1,
        maximum=10,
        source="legal-rules F-05: national-style certificate, 5-year validity (S/L)",
    )
)
