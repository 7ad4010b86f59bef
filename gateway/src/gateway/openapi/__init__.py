"""One OpenAPI document for the whole platform: the gateway's own routes plus every
service's routes as the gateway exposes them (`/api/<service>/…`), at `/openapi.json`,
with Swagger UI at `/docs` and ReDoc at `/redoc`."""

from gateway.openapi.router import install_openapi

__all__ = ["install_openapi"]
