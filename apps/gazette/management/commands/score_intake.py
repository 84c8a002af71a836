"""Score the intake parser on a corpus of real notices with answer keys."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.gazette.scoring import score_corpus, table

DEFAULT = Path(settings.BASE_DIR) / "tests" / "fixtures" / "real"


class Command(BaseCommand):
    help = "每个样本文件与其答案比对：找到的事项、牵头领导、单位、主办单位完全一致的比例，及未归位的行数。"

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DEFAULT))

    def handle(self, *args, **options):
        self.stdout.write(table(score_corpus(Path(options["directory"]))))
