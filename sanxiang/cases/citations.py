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
ART_54 = _("Administrative Penalty Law, Art. 54")
ART_57 = _("Administrative Penalty Law, Art. 57")
ART_58 = _("Administrative Penalty Law, Art. 58")
ART_59 = _("Administrative Penalty Law, Art. 59")
ART_60 = _("Administrative Penalty Law, Art. 60")
ART_61 = _("Administrative Penalty Law, Art. 61")
ART_63 = _("Administrative Penalty Law, Art. 63")
ART_64 = _("Administrative Penalty Law, Art. 64")
ART_66 = _("Administrative Penalty Law, Art. 66")
ART_67 = _("Administrative Penalty Law, Art. 67")
ART_64_8 = _("Administrative Penalty Law, Art. 64(8)")
ART_43 = _("Administrative Penalty Law, Art. 43")
ART_72_73 = _("Administrative Penalty Law, Arts. 72 and 73")
ART_73 = _("Administrative Penalty Law, Art. 73")
DECISION_EXTENSION = _(
    "Administrative Penalty Law, Art. 60; Provisions on Administrative Penalty Procedures of Market "
    "Regulation: extension approved by the head, a further one by collective discussion"
)
DECISION_PAUSE = _(
    "Administrative Penalty Law, Art. 60; Provisions on Administrative Penalty Procedures of Market "
    "Regulation: hearing, announcement, testing and appraisal, and suspension are not counted"
)
FILING_CHECK = _(
    "Provisions on Administrative Penalty Procedures of Market Regulation, Arts. 18 and 19; period "
    "set by policy cases.filing_check_working_days"
)
COERCION_35_54 = _("Administrative Compulsion Law, Arts. 35 and 54")
COERCION_53 = _("Administrative Compulsion Law, Art. 53; Administrative Litigation Law, Art. 46")
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
ART_56 = _("Administrative Penalty Law, Art. 56")
COERCION_18 = _("Administrative Compulsion Law, Art. 18")
COERCION_19 = _("Administrative Compulsion Law, Art. 19")
COERCION_24 = _("Administrative Compulsion Law, Arts. 24 and 25")
COERCION_25 = _("Administrative Compulsion Law, Art. 25")
COERCION_27_28 = _("Administrative Compulsion Law, Arts. 27 and 28")
# A decision changed, revoked, confirmed illegal or void: its publication is withdrawn within 3 days
# with the reason made public (legal-rules A-16).
ART_48_2 = _("Administrative Penalty Law, Art. 48 ¶2")
