"""Re-encrypt identity numbers and phones of every unit under the current key."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from supervision.services.identity import (
    current_key_id,
    petitioner_identities_pending_across_units,
    petitioner_identities_rotate_across_units,
)


class Command(BaseCommand):
    help = (
        "用当前密钥（FIELD_ENCRYPTION_SECRET）分批重新加密所有单位信访人的证件号码和电话；"
        "旧密钥放在 FIELD_ENCRYPTION_OLD_SECRETS 中供读取；中断后可重新执行"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--check",
            action="store_true",
            help="只统计尚未使用当前密钥的记录，不修改",
        )

    def handle(self, *args, batch_size=500, check=False, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 必须是正整数")
        kid = current_key_id()
        if not check:
            try:
                changed = petitioner_identities_rotate_across_units(
                    actor="manage.py rotate_field_key", batch_size=batch_size
                )
            except DomainError as error:
                raise CommandError(error.message) from error
            for code, count in changed.items():
                if count:
                    self.stdout.write(f"{code}：重新加密 {count} 名信访人")
        pending = {
            code: count
            for code, count in petitioner_identities_pending_across_units().items()
            if count
        }
        if pending:
            for code, count in pending.items():
                self.stdout.write(f"{code}：尚有 {count} 名信访人未使用当前密钥")
            raise CommandError(
                f"尚有 {sum(pending.values())} 名信访人未使用当前密钥（{kid}）；"
                "请保留旧密钥并重新执行"
            )
        self.stdout.write(
            f"所有单位的证件号码和电话均已使用当前密钥（{kid}）加密，"
            "可以从 FIELD_ENCRYPTION_OLD_SECRETS 中移除旧密钥"
        )
