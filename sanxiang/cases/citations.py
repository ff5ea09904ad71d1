"""The rules the cases app cites, once each, so that a refusal, a deadline and the flowchart name a
rule in the same words."""

from django.utils.translation import gettext_lazy as _

ART_27 = _("Administrative Penalty Law, Art. 27")
ART_36 = _("Administrative Penalty Law, Art. 36")
ART_42 = _("Administrative Penalty Law, Art. 42")
ART_42_55 = _("Administrative Penalty Law, Arts. 42 and 55")
ART_44 = _("Administrative Penalty Law, Art. 44")
ART_44_45_62 = _("Administrative Penalty Law, Arts. 44, 45 and 62")
ART_45 = _("Administrative Penalty Law, Art. 45")
ART_51 = _("Administrative Penalty Law, Art. 51")
ART_52 = _("Administrative Penalty Law, Art. 52")
ART_57 = _("Administrative Penalty Law, Art. 57")
ART_58 = _("Administrative Penalty Law, Art. 58")
ART_59 = _("Administrative Penalty Law, Art. 59")
ART_60 = _("Administrative Penalty Law, Art. 60")
ART_61 = _("Administrative Penalty Law, Art. 61")
ART_63 = _("Administrative Penalty Law, Art. 63")
ART_64 = _("Administrative Penalty Law, Art. 64")
ART_67 = _("Administrative Penalty Law, Art. 67")
ART_72_73 = _("Administrative Penalty Law, Arts. 72 and 73")
TRANSFER_ART_5 = _(
    "Provisions on the Transfer of Suspected Criminal Cases by Administrative Law Enforcement Organs, Art. 5"
)
TRANSFER_ART_6 = _(
    "Provisions on the Transfer of Suspected Criminal Cases by Administrative Law Enforcement Organs, Art. 6"
)
STATEMENT_WINDOW = _(
    "Administrative Penalty Law, Arts. 44 and 45; window set by policy cases.statement_window_working_days"
)
RECORDS = _("Full-process recording: the case file holds every document of the procedure")
