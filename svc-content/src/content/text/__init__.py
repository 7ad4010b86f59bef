"""Rich text: sanitising editor HTML and deriving plain text, summaries and links."""

from content.text.sanitise import links_in, plain_text, sanitise_html, summary

__all__ = ["links_in", "plain_text", "sanitise_html", "summary"]
