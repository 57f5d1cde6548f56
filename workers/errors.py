"""Which failures are worth retrying: only those a later attempt can get past."""

from __future__ import annotations

from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

# Connection lost or refused, server shutting down, serialization failure or deadlock
# (all OperationalError on PostgreSQL), a closed connection (InterfaceError), a pool or
# socket timeout, a broker that is away. IntegrityError, DataError and ProgrammingError are
# deliberately absent: the same input fails the same way every time.
TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    PoolTimeoutError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)


def is_transient(exc: BaseException) -> bool:
    """True when retrying the same work later may succeed."""
    return isinstance(exc, TRANSIENT)
