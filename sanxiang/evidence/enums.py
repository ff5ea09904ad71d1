from django.db import models
from django.utils.translation import gettext_lazy as _

# 行政处罚法 Art. 46: the nine kinds of evidence.
EVIDENCE_KINDS_CITATION = "《行政处罚法》第四十六条"


class EvidenceKind(models.TextChoices):
    DOCUMENTARY = "documentary", _("documentary evidence")  # 书证
    PHYSICAL = "physical", _("physical evidence")  # 物证
    AUDIOVISUAL = "audiovisual", _("audio-visual material")  # 视听资料
    ELECTRONIC = "electronic", _("electronic data")  # 电子数据
    WITNESS = "witness", _("witness testimony")  # 证人证言
    PARTY = "party", _("statement of the party")  # 当事人的陈述
    EXPERT = "expert", _("expert opinion")  # 鉴定意见
    INSPECTION = "inspection", _("inspection record")  # 勘验笔录
    ONSITE = "onsite", _("on-site record")  # 现场笔录


class DeviceStatus(models.TextChoices):
    IN_USE = "in_use", _("in use")
    REPAIR = "repair", _("under repair")
    RETIRED = "retired", _("retired")


class FixityProblem(models.TextChoices):
    MISMATCH = "mismatch", _("content changed")
    MISSING = "missing", _("file missing")


class AVRequirement(models.TextChoices):
    MANDATORY = "mandatory", _("mandatory")
    SITUATIONAL = "situational", _("situational")
    OPTIONAL = "optional", _("optional")
