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
