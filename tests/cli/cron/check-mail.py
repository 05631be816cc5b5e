#!/usr/bin/env python3
"""Parse a mail saved by fake-sendmail with the email module and print
its structure, so the cron tests can compare it with what they expect:
headers, the MIME tree, the alert lines of the text part, the title of
the HTML part, and whether the CSV attachment is the tracked file.

usage: check-mail.py MESSAGE TRACKED_CSV"""
import email
import email.policy
import sys


def tree(part, depth=0):
    name = part.get_filename()
    disp = part.get_content_disposition()
    line = "  " * depth + part.get_content_type()
    if disp == "attachment":
        line += " attachment " + str(name)
    print(line)
    if part.is_multipart():
        for sub in part.iter_parts():
            tree(sub, depth + 1)


def main():
    with open(sys.argv[1], "rb") as fp:
        msg = email.message_from_binary_file(fp, policy=email.policy.default)
    for h in ("To", "From", "Subject"):
        print(f"{h}: {msg[h]}")
    print("MIME-Version:", msg["MIME-Version"])
    tree(msg)
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content()
    print("text, the lines before the first blank line:")
    for line in text.split("\n"):
        if line == "":
            break
        print("  " + line)
    html = msg.get_body(preferencelist=("html",)).get_content()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    print("html title:", title)
    print("html is one page:", html.lstrip().lower().startswith("<!doctype html"))
    att = [p for p in msg.iter_attachments()]
    data = att[0].get_content()
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(sys.argv[2], "rb") as fp:
        tracked = fp.read()
    print("attachment is the tracked CSV:", data == tracked)
    print("attachment header:", data.split(b"\n", 1)[0].decode())


main()
