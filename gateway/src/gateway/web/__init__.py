"""The front end's built files (web/dist), served by the gateway: the portal at `/` and
`/{site}/…` with history fallback to index.html."""
