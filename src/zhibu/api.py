"""The JSON API: django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.http import HttpRequest
from ninja import NinjaAPI, Swagger
from ninja.security import HttpBearer, django_auth

from zhibu.core.services import token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="zhibu API",
    version="1",
    description="支部 — 党组织、党员与支部工作记录的接口。所有接口均按调用者的组织范围过滤，范围外的对象返回 404。",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    # The page's JS and CSS come from ninja's own static files; no validator badge from swagger.io either.
    docs=Swagger(settings={"validatorUrl": None}),
)

from zhibu.assessment.api import router as assessment_router  # noqa: E402
from zhibu.careers.api import router as careers_router  # noqa: E402
from zhibu.cobuild.api import router as cobuild_router  # noqa: E402
from zhibu.dashboard.api import router as dashboard_router  # noqa: E402
from zhibu.gradmail.api import router as gradmail_router  # noqa: E402
from zhibu.ingest.api import router as ingest_router  # noqa: E402
from zhibu.integration.api import router as integration_router  # noqa: E402
from zhibu.meetings.api import router as meetings_router  # noqa: E402
from zhibu.meetings.api_compliance import router as compliance_router  # noqa: E402
from zhibu.methods.api import router as methods_router  # noqa: E402
from zhibu.orgs.api import router as orgs_router  # noqa: E402
from zhibu.publishing.api import router as publishing_router  # noqa: E402
from zhibu.strengths.api import router as strengths_router  # noqa: E402

api.add_router("/", orgs_router)
api.add_router("/", meetings_router)
api.add_router("/", compliance_router)
api.add_router("/", cobuild_router)
api.add_router("/", integration_router)
api.add_router("/", methods_router)
api.add_router("/", careers_router)
api.add_router("/", gradmail_router)
api.add_router("/", assessment_router)
api.add_router("/", strengths_router)
api.add_router("/", publishing_router)
api.add_router("/", ingest_router)
api.add_router("/", dashboard_router)
