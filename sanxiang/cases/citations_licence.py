"""The articles of the Administrative Licensing Law (行政许可法, 2019) the licence procedure cites,
once each. Its periods count in working days (Art. 82), so every period here is one."""

from django.utils.translation import gettext_lazy as _

ACCEPTANCE = _(
    "Administrative Licensing Law, Arts. 32 and 82: accept or refuse within 5 working days, "
    "otherwise accepted from receipt"
)
DECISION = _("Administrative Licensing Law, Arts. 42 and 82: decision within 20 working days of acceptance")
EXTENSION = _(
    "Administrative Licensing Law, Art. 42: extended once by 10 working days with the head's approval, "
    "the reason told to the applicant"
)
REFUSAL = _("Administrative Licensing Law, Art. 38: a refusal gives its reasons and the remedies")
GRANT = _("Administrative Licensing Law, Arts. 38 and 39: a grant names the licence and its validity")
CERTIFICATE = _(
    "Administrative Licensing Law, Arts. 44 and 82: certificate within 10 working days of the grant"
)
APPLICANT = _("Administrative Licensing Law, Arts. 29 and 32: the decision answers an applicant")
VERIFICATION = _("Administrative Licensing Law, Art. 34: on-site verification by two or more officers")
PUBLIC = _("Administrative Licensing Law, Art. 40: licence grants are public")
