"""The law behind the electronic case file (legal-rules B-01, B-08)."""

from django.utils.translation import gettext_lazy as _

# 处罚法 Art. 47: the whole process is recorded and archived; 档案法 Arts. 36-37: electronic
# archives from a business system have legal effect when their source is reliable and complete.
ARCHIVE = _("Administrative Penalty Law, Art. 47; Archives Law, Arts. 36 and 37")
