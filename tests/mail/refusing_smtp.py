"""A real SMTP server (aiosmtpd) that stores messages in a Maildir, as its Mailbox handler
does, but refuses for good (550) every recipient listed, one a line, in REFUSED_FILE at
the time of the RCPT command: a mailbox that does not exist, until the test says it does.

Usage: /usr/bin/python3 tests/mail/refusing_smtp.py MAILDIR PORT REFUSED_FILE
"""
import asyncio
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class Refusing(Mailbox):
    def __init__(self, maildir, refused_file):
        super().__init__(maildir)
        self.refused_file = refused_file

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        try:
            with open(self.refused_file) as f:
                refused = {line.strip().lower() for line in f if line.strip()}
        except FileNotFoundError:
            refused = set()
        if address.lower() in refused:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"


def main():
    maildir, port, refused_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    controller = Controller(Refusing(maildir, refused_file), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
