"""Staff sign-in lock-outs that hurt the guesser, not the account's owner.

Two counts, both by the client address from config/client_ip.py:
- one user name from one address: AXES_FAILURE_LIMIT failures (5) lock that
  name from that address only, so a stranger's guesses never lock a reviewer
  out from their own computer;
- one address, any user names: LOGIN_ADDRESS_FAILURE_LIMIT failures (20) lock
  the address, so spreading guesses over many names does not help.
A successful sign-in clears only that user's failures from that address: a
guesser with an account of their own cannot wipe the address-wide count.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum

# The order of AXES_LOCKOUT_PARAMETERS in config/settings.py.
PAIR, ADDRESS = 0, 1


def _failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountAndAddressLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        attempts = self.get_user_attempts(request, credentials)
        pair, address = _failures(attempts[PAIR]), _failures(attempts[ADDRESS])
        # django-axes compares this one number with AXES_FAILURE_LIMIT, so the
        # address-wide count is put on that scale: it reaches the limit
        # exactly when the address has LOGIN_ADDRESS_FAILURE_LIMIT failures.
        limit = get_failure_limit(request, credentials)
        return max(pair, address * limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None):
        count, _ = self.filter_user_attempts(request, credentials)[PAIR].delete()
        return count
