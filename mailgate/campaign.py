"""For a campaign system: the addresses one outgoing message to a customer should carry, so that the
customer's reply, a List-Unsubscribe click (RFC 2369 mailto) and a bounce (VERP) come back to mailgate
naming that customer record and conversation. The same tokens `mailgate token` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from mailgate.addresses import normalise_address
from mailgate.config import Config
from mailgate.errors import ConfigError
from mailgate.store import admin, db


@dataclass(frozen=True)
class CampaignAddresses:
    reply_to: str  # the Reply-To header
    unsubscribe: str  # the List-Unsubscribe mailto address
    bounce: str  # the envelope sender (MAIL FROM / Return-Path)

    def headers(self) -> dict[str, str]:
        """The headers to add to the message (its envelope sender is `bounce`)."""
        return {
            "Reply-To": self.reply_to,
            "List-Unsubscribe": f"<mailto:{self.unsubscribe}?subject=unsubscribe>",
        }


def campaign_addresses(
    config: Config, engine: Engine, address: str, conversation: str, customer_id: str | None = None
) -> CampaignAddresses:
    """Raises NotFound for an unknown customer or conversation, and Conflict when several customer
    records share the address and `customer_id` does not say which."""
    if not config.tokens.keys:
        raise ConfigError(["tokens.keys: no token key configured"])
    now = datetime.now(UTC)
    customer = normalise_address(address)
    with db.sessions(engine)() as s:
        made = {
            purpose: admin.token_address(s, config, customer, conversation, customer_id, purpose, now)
            for purpose in ("reply", "unsubscribe", "bounce")
        }
    return CampaignAddresses(made["reply"], made["unsubscribe"], made["bounce"])
