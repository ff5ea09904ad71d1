"""The sources the legal-review rules cite (legal-rules C)."""

from django.utils.translation import gettext_lazy as _

ART_58 = _("Administrative Penalty Law Art. 58")
ART_58_1_1 = _("Administrative Penalty Law Art. 58 ¶1(1)")
ART_58_1_2 = _("Administrative Penalty Law Art. 58 ¶1(2)")
ART_58_1_3 = _("Administrative Penalty Law Art. 58 ¶1(3)")
ART_58_2 = _("Administrative Penalty Law Art. 58 ¶2")
ART_57_2 = _("Administrative Penalty Law Art. 57 ¶2")
GUIDANCE_118 = _("State Council Guidance No. 118 (2018) §4")
CATALOGUE = _("The agency's catalogue of major enforcement decisions (State Council Guidance No. 118 §4(2))")
CRIME_TRANSFER = _(
    "Provisions on the Transfer of Suspected Criminal Cases by Administrative Enforcement Organs Art. 3"
)
# legal-rules C-11 (L, 巩义; 长治 for reduced penalties): a penalty reduced or aggravated outside the
# discretion benchmark, which Art. 34 has the agencies set and publish.
BENCHMARK = _(
    "Administrative Penalty Law Art. 34 (discretion benchmark); the agency's catalogue of major "
    "enforcement decisions (State Council Guidance No. 118 §4(2))"
)
# 118号 §4(1): the review is done by the agency's legal-review body (法制审核机构), not by the handlers.
REVIEW_BODY = _("State Council Guidance No. 118 (2018) §4(1)")
# 处罚法 Art. 43: whoever has an interest in the case, or a relation that may affect its fairness, stands
# aside; the agency's head decides on the recusal.
RECUSAL = _("Administrative Penalty Law Art. 43")
# legal-rules C-06 (L): the local review procedure's supplement window, the policy
# legal_review.supplement_working_days (default 3 working days), after which the package is returned.
SUPPLEMENT = _(
    "The local legal-review procedure: an incomplete package is supplemented within the window of the "
    "policy legal_review.supplement_working_days or returned (legal-rules C-06)"
)
