"""The rules the documents app cites, once each."""

from django.utils.translation import gettext_lazy as _

ART_52 = _("Administrative Penalty Law, Art. 52")
ART_56 = _("Administrative Penalty Law, Art. 56")
ART_59 = _("Administrative Penalty Law, Art. 59")
ART_44 = _("Administrative Penalty Law, Art. 44")
ART_63_64 = _("Administrative Penalty Law, Arts. 63 and 64")
ART_67 = _("Administrative Penalty Law, Art. 67")
ART_72 = _("Administrative Penalty Law, Art. 72")
ART_73 = _("Administrative Penalty Law, Art. 73")
ENFORCEMENT_ART_35 = _("Administrative Compulsion Law, Art. 35")
# 行政复议法 (2023) Art. 20: sixty days from knowing of the act; 行政诉讼法 Art. 46: six months.
REVIEW_PERIOD = _("Administrative Reconsideration Law (2023), Art. 20")
LITIGATION_PERIOD = _("Administrative Litigation Law, Art. 46")
FULL_RECORD = _("Administrative Penalty Law, Art. 47")
