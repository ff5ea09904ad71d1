from ninja import NinjaAPI

api = NinjaAPI(title="sanxiang API", version="1", urls_namespace="api")
