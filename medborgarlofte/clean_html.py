"""HTML pages without control characters (promises/models/control_characters.py).

Every text an editor or resident types is refused when it carries one, but a row can also
arrive by an import, a backup or the ORM, and templates print texts in many places. Cleaning
the finished page is the one place that covers them all. In the admin it also means the form
shows the text without the character, so saving it once cleans the row instead of being
refused for a character nobody can see.
"""

from promises.models.control_characters import has_control_bytes, without_control_bytes


class CleanHtmlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and (response.charset or "").lower() == "utf-8"
            and has_control_bytes(response.content)
        ):
            response.content = without_control_bytes(response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
