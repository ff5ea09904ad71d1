"""Local rules of evidence handling, with the defaults of the law digest (legal-rules B-04, B-05,
G-07) and of issue 5; set per region or agency by an administrator."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

GIB = 1024**3

MAX_UPLOAD_BYTES = register(
    Policy(
        key="evidence.max_upload_bytes",
        label=_("Largest evidence file accepted"),
        default=4 * GIB,
        kind="int",
        unit=_("bytes"),
        minimum=1024,
        maximum=64 * GIB,
        source="issue 5: 4 GiB, a long body-camera recording (L)",
    )
)

# The local 音像记录事项清单: ``act:requirement`` pairs, comma-separated; an act not listed is
# optional. Mandatory (B-04): on-site acts that touch personal liberty, life and health or major
# property — sealing and seizure (``seal_or_seize`` of the general procedure, cases/procedures/
# coercion.py), forced demolition and restriction of liberty (names kept for when acts carry them).
# Situational (B-05, union of the 118号 list and the 2017 pilot list): on-site inspection and
# enforcement, investigation and evidence-taking, evidence preservation (``preserve_evidence``: the
# digest lists 证据保全 as situational, not mandatory), hearings, service.
AV_REQUIREMENTS_DEFAULT = ",".join(
    [
        "seal_or_seize:mandatory",
        "forced_demolition:mandatory",
        "restrict_liberty:mandatory",
        "start_inspection:situational",
        "record_result:situational",
        "start_investigation:situational",
        "preserve_evidence:situational",
        "decide_on_the_spot:situational",
        "hold_hearing:situational",
        "serve_prior_notice:situational",
        "serve_decision:situational",
    ]
)
AV_REQUIREMENTS = register(
    Policy(
        key="evidence.av_requirements",
        label=_("Audio-video recording list (act:mandatory|situational|optional, comma-separated)"),
        default=AV_REQUIREMENTS_DEFAULT,
        kind="str",
        source="legal-rules B-04 (mandatory) and B-05 (situational); local lists override (L)",
    )
)

FIXITY_BYTES_PER_RUN = register(
    Policy(
        key="evidence.fixity_bytes_per_run",
        label=_("Bytes of stored files re-hashed per nightly fixity run"),
        default=200 * GIB,
        kind="int",
        unit=_("bytes"),
        minimum=1,
        source="issue 3: a share of the store per night, oldest check first (L)",
    )
)
FIXITY_BLOBS_PER_RUN = register(
    Policy(
        key="evidence.fixity_blobs_per_run",
        label=_("Stored files re-hashed per nightly fixity run"),
        default=100_000,
        kind="int",
        minimum=1,
        source="issue 3: a share of the store per night, oldest check first (L)",
    )
)
