#!/usr/bin/env python3
"""A hostile DNS relay for spmd's DNS proxy test (issue #7).

Listens on UDP LISTEN:PORT, asks the real upstream (dnsmasq) each query it
receives, and sends the asker, in this order:
  1. 5 bytes of garbage                      (spmd: DNS DROP MALFORMED)
  2. the answer with ID+1                    (spoofed: wrong ID)
  3. the answer with one letter of the question's first label changed
                                             (spoofed: wrong question; a letter
                                              for another letter, not its case,
                                              as DNS names compare caselessly)
  4. the answer from SPOOF_FROM:PORT         (spoofed: wrong source address)
  5. the genuine answer, from LISTEN:PORT.
Copies 2-4 carry 203.0.113.66 in place of every A record's address, so a
proxy that believed one would show it in its cache. A short gap between
sends keeps them in order on the wire.

A query whose first label is `late` gets only the genuine answer, after
--late-delay seconds (longer than spmd's per-server timeout).

TCP on LISTEN:PORT is relayed as it is (a truncated answer's retry must
reach a real server, or the proxy would fail over for the wrong reason).

Every event is one line in --log, flushed at once, for the test to count:
  listening
  start ID NAME TYPE          a query arrived
  done ID NAME TYPE mangled   the five datagrams above were all sent
  done ID NAME TYPE late      the late genuine answer was sent
  noanswer ID NAME TYPE       the upstream did not answer (nothing sent)
  tcp ID NAME TYPE            a query over TCP, relayed unchanged
Standard library only.
"""

import argparse
import socket
import struct
import sys
import threading
import time

POISON = bytes([203, 0, 113, 66])


def skip_name(wire, offset):
    """Offset just past the (possibly compressed) name at offset."""
    while True:
        length = wire[offset]
        if length & 0xC0 == 0xC0:
            return offset + 2
        offset += 1
        if length == 0:
            return offset
        offset += length


def question(wire):
    """(name, first label offset, qtype, end of question) of a message."""
    labels = []
    offset = 12
    while wire[offset] != 0:
        length = wire[offset]
        labels.append(wire[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    qtype = struct.unpack_from("!H", wire, offset + 1)[0]
    return ".".join(labels) + ".", 12, qtype, offset + 5


def read_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_framed(sock):
    """One length-prefixed DNS message from a TCP stream, or None at its end."""
    prefix = read_exactly(sock, 2)
    if prefix is None:
        return None
    return read_exactly(sock, struct.unpack("!H", prefix)[0])


def with_id(wire, new_id):
    return struct.pack("!H", new_id & 0xFFFF) + wire[2:]


def with_other_letter(wire):
    """The message with one letter of the question's first label changed."""
    out = bytearray(wire)
    length = out[12]
    for index in range(13, 13 + length):
        char = chr(out[index]).lower()
        if char.isalpha():
            out[index] = ord("q" if char != "q" else "x")
            return bytes(out)
    # No letter in the label: change the first byte to a letter.
    out[13] = ord("q") if chr(out[13]).lower() != "q" else ord("x")
    return bytes(out)


def poisoned(wire):
    """The message with every A record's address replaced by POISON."""
    out = bytearray(wire)
    try:
        qdcount, ancount, nscount, arcount = struct.unpack_from("!HHHH", out, 4)
        offset = 12
        for _ in range(qdcount):
            offset = skip_name(out, offset) + 4
        for _ in range(ancount + nscount + arcount):
            offset = skip_name(out, offset)
            rtype, _rclass, _ttl, rdlength = struct.unpack_from("!HHIH", out, offset)
            offset += 10
            if rtype == 1 and rdlength == 4:
                out[offset:offset + 4] = POISON
            offset += rdlength
    except (IndexError, struct.error):
        pass  # a message we cannot walk is sent as it is
    return bytes(out)


class Relay:
    def __init__(self, args):
        self.args = args
        self.log_lock = threading.Lock()
        self.log_file = open(args.log, "a", encoding="ascii")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((args.listen, args.port))
        self.spoof = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.spoof.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.spoof.bind((args.spoof_from, args.port))
        self.send_lock = threading.Lock()
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind((args.listen, args.port))
        self.tcp.listen(16)

    def log(self, line):
        with self.log_lock:
            self.log_file.write(line + "\n")
            self.log_file.flush()

    def ask_upstream(self, query):
        """The upstream's answer to query (matching ID), or None."""
        upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            upstream.settimeout(self.args.upstream_timeout)
            upstream.connect((self.args.upstream, self.args.upstream_port))
            upstream.send(query)
            deadline = time.monotonic() + self.args.upstream_timeout
            while time.monotonic() < deadline:
                try:
                    answer = upstream.recv(65535)
                except socket.timeout:
                    return None
                if len(answer) >= 12 and answer[:2] == query[:2]:
                    return answer
            return None
        finally:
            upstream.close()

    def handle(self, query, asker):
        try:
            name, _, qtype, _ = question(query)
        except (IndexError, struct.error):
            return  # not a query we can read: ignore it, as a server would
        query_id = struct.unpack_from("!H", query)[0]
        tag = f"{query_id} {name} {qtype}"
        self.log(f"start {tag}")
        answer = self.ask_upstream(query)
        if answer is None:
            self.log(f"noanswer {tag}")
            return
        gap = self.args.gap
        if name.split(".")[0].lower() == "late":
            time.sleep(self.args.late_delay)
            with self.send_lock:
                self.sock.sendto(answer, asker)
            self.log(f"done {tag} late")
            return
        with self.send_lock:
            self.sock.sendto(b"\xde\xad\xbe\xef\x00", asker)
            time.sleep(gap)
            self.sock.sendto(with_id(poisoned(answer), query_id + 1), asker)
            time.sleep(gap)
            self.sock.sendto(with_other_letter(poisoned(answer)), asker)
            time.sleep(gap)
            self.spoof.sendto(poisoned(answer), asker)
            time.sleep(gap)
            self.sock.sendto(answer, asker)
        self.log(f"done {tag} mangled")

    def serve_tcp(self):
        while True:
            client, _ = self.tcp.accept()
            threading.Thread(target=self.relay_tcp, args=(client,), daemon=True).start()

    def relay_tcp(self, client):
        with client:
            client.settimeout(10)
            try:
                while True:
                    query = read_framed(client)
                    if query is None:
                        return
                    try:
                        name, _, qtype, _ = question(query)
                    except (IndexError, struct.error):
                        return
                    self.log(f"tcp {struct.unpack_from('!H', query)[0]} {name} {qtype}")
                    with socket.create_connection(
                            (self.args.upstream, self.args.upstream_port),
                            timeout=self.args.upstream_timeout) as upstream:
                        upstream.sendall(struct.pack("!H", len(query)) + query)
                        answer = read_framed(upstream)
                    if answer is None:
                        return
                    client.sendall(struct.pack("!H", len(answer)) + answer)
            except OSError:
                return

    def serve(self):
        threading.Thread(target=self.serve_tcp, daemon=True).start()
        self.log("listening")
        while True:
            query, asker = self.sock.recvfrom(65535)
            threading.Thread(target=self.handle, args=(query, asker), daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True)
    parser.add_argument("--spoof-from", required=True)
    parser.add_argument("--port", type=int, default=53)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--upstream-port", type=int, default=53)
    parser.add_argument("--upstream-timeout", type=float, default=2.0)
    parser.add_argument("--late-delay", type=float, default=3.0)
    parser.add_argument("--gap", type=float, default=0.02)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    try:
        Relay(args).serve()
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
