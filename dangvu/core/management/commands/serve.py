from django.conf import settings
from django.core.wsgi import get_wsgi_application

from dangvu.core.management.base import DangvuCommand


class Command(DangvuCommand):
    help = (
        "Chạy ứng dụng web (mặc định trên 127.0.0.1:8000) / "
        "Serve the web application (loopback, port 8000 by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ / address (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Cổng / port (default 8000)")
        parser.add_argument("--threads", type=int, default=8, help="Số luồng / worker threads")

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        # The WSGI application of the settings already loaded (what dangvu.wsgi builds for other servers).
        application = get_wsgi_application()
        self.stdout.write(
            f"dangvu: http://{host}:{port}/  (profile: {settings.PROFILE}; Ctrl+C để dừng / to stop)"
        )
        serve(application, host=host, port=port, threads=threads, ident="dangvu")
