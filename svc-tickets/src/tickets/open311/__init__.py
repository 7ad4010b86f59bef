"""Open311 GeoReport v2 for partner systems, mapped onto the ticket tables (no tables of its
own). See `service.py` for how services, states and fields map."""
