"""Prints the messages an aiosmtpd Mailbox handler stored in a Maildir as JSON, with each
iCalendar attachment read by Python's icalendar (an independent parser) and other
attachments (an invoice's PDF) as base64.

Usage: /usr/bin/python3 tests/mail/read_maildir.py MAILDIR
"""
import base64
import email
import email.policy
import json
import mailbox
import sys

import icalendar


def calendar_of(part):
    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    events = [c for c in cal.walk("VEVENT")]
    event = events[0]
    return {
        "content_type": part.get_content_type(),
        # The METHOD parameter of the part's type, which calendar programs read too.
        "type_method": part.get_param("method"),
        "filename": part.get_filename(),
        "method": str(cal.get("METHOD")),
        "events": len(events),
        "uid": str(event.get("UID")),
        "dtstart": event.decoded("DTSTART").isoformat(),
        "dtend": event.decoded("DTEND").isoformat(),
        "sequence": int(event.get("SEQUENCE", 0)),
        "status": str(event.get("STATUS")),
        "attendees": [str(a) for a in (event.get("ATTENDEE") if isinstance(event.get("ATTENDEE"), list) else [event.get("ATTENDEE")]) if a],
    }


def main(path):
    out = []
    # The modern policy decodes encoded headers (subjects with non-ASCII characters).
    box = mailbox.Maildir(
        path,
        factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default),
        create=False,
    )
    for key in box.keys():
        msg = box[key]
        text, calendar, files = "", None, []
        for part in msg.walk():
            kind = part.get_content_type()
            if kind == "text/plain" and not text:
                text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            elif kind == "text/calendar":
                calendar = calendar_of(part)
            elif part.get_filename():
                # Other attachments (an invoice's PDF), as base64 for the test to read.
                files.append({
                    "filename": part.get_filename(),
                    "content_type": kind,
                    "base64": base64.b64encode(part.get_payload(decode=True)).decode("ascii"),
                })
        out.append({
            "rcpt": msg.get("X-RcptTo", ""),
            "to": str(msg.get("To", "")),
            "from": str(msg.get("From", "")),
            "subject": str(msg.get("Subject", "")),
            "date": str(msg.get("Date", "")),
            "text": text,
            "calendar": calendar,
            "attachments": files,
        })
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
