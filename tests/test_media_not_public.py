from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_uploaded_files_are_not_served_by_url(client, settings, world):
    settings.DEBUG = True
    name = default_storage.save("officer-photos/abc.jpg", ContentFile(b"\xff\xd8\xff private"))
    assert client.get(f"/media/{name}").status_code == 404
