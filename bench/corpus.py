"""Synthetic B2B sales-call transcripts for the speed benchmarks.

Plain `Name: text` transcripts with a JSON sidecar each. Sentences are templates x slot
fillers (products, objections, metrics, tools, team sizes, pains, analogies, numbers), so
exact duplicates are rare, plus ~3% scripted boilerplate lines repeated the way real calls
repeat them. Deterministic for a given seed.

Run: python -m bench.corpus --calls 20 --out /tmp/calls
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

BOILERPLATE_SHARE = 0.012  # plus every call's scripted first line: ~3% in all

REPS = ["Priya Nair", "Tom Becker", "Alicia Gomez", "Dev Malhotra", "Grace Liu", "Marcus Webb",
        "Hannah Schultz", "Omar Haddad", "Keiko Tanaka", "Luis Moreno"]
FIRST = ["Dana", "Sam", "Jordan", "Riley", "Chen", "Fatima", "Lukas", "Maya", "Andre", "Ingrid",
         "Tariq", "Elena", "Noah", "Aisha", "Pavel", "Sofia", "Kwame", "Yuki", "Brendan", "Leila"]
LAST = ["Okafor", "Reyes", "Lindqvist", "Brennan", "Kowalski", "Nakamura", "Oduya", "Ferreira",
        "Whitfield", "Castellanos", "Petrov", "Abara", "Hughes", "Sandoval", "Mbeki", "Larsen"]
ACCOUNTS = ["Northwind Freight", "Ledgerline", "MediBridge", "PixelForge Games", "Cartwheel",
            "StreamCast Media", "Harborline", "FinchPay", "CareVault", "Quarry Analytics",
            "Ridgeway Retail", "Bluegill", "Orbitline", "Tidal Media", "Copperleaf Bank",
            "Summit Dental", "Aster Robotics", "Greenfield Insurance", "Kestrel Labs", "Nimbus HR"]
STAGES = ["discovery", "demo", "security review", "pricing", "negotiation", "closing"]

SLOTS: dict[str, list[str]] = {
    "product": ["the cost dashboard", "anomaly alerts", "the tagging policy engine",
                "rightsizing recommendations", "the Slack integration", "the forecasting module",
                "commitment planning", "the Kubernetes cost view", "showback reports",
                "the budget guardrails", "the API", "the unit-economics view"],
    "tool": ["Cost Explorer", "a homegrown spreadsheet", "Datadog", "Grafana", "Jira",
             "Snowflake", "Looker", "Terraform", "CloudHealth", "a Python script", "Tableau",
             "PagerDuty", "ServiceNow", "an old BI tool", "Excel macros"],
    "metric": ["monthly spend", "cost per shipment", "idle capacity", "untagged spend",
               "forecast accuracy", "time to close the books", "reserved instance coverage",
               "cost per active user", "egress charges", "the savings rate"],
    "pain": ["nobody owns the bill", "tags are a mess", "finance finds out a month late",
             "engineers never see what they spend", "the spreadsheet breaks every quarter",
             "we got burned by a surprise invoice", "every team reports it differently",
             "the CFO keeps asking questions we can't answer",
             "we spend two days a month on manual reconciliation",
             "our dev clusters run all weekend for no reason"],
    "objection": ["the price is higher than we budgeted", "we already have something in-house",
                  "security will want a long review", "we don't have the bandwidth right now",
                  "procurement takes forever here", "I'm not sure the team would adopt it",
                  "we're locked into our current vendor until next year",
                  "legal is nervous about read access to our accounts",
                  "the last tool we bought turned into shelfware",
                  "my boss thinks we can just build this ourselves"],
    "team": ["five engineers", "a team of twelve", "about thirty people", "two analysts",
             "a platform team of eight", "forty developers", "one overworked SRE",
             "three squads", "the whole finance org", "about a hundred engineers"],
    "analogy": ["like driving with the fuel gauge taped over", "like a gym membership nobody uses",
                "like paying for a hotel room you never sleep in",
                "like a leaky faucet you only notice on the water bill",
                "like a smoke detector for the invoice", "like autopilot for the boring parts",
                "like having a thermostat instead of opening windows",
                "like a credit card statement that shows up a month late",
                "like herding cats with a spreadsheet", "like a Fitbit for the cloud bill"],
    "timeframe": ["this quarter", "before the renewal", "by end of year", "next sprint",
                  "in the next thirty days", "before budget planning", "after the re-org",
                  "by the board meeting", "over the summer", "in Q3"],
    "person": ["our CFO", "the VP of Engineering", "procurement", "the security team",
               "my manager", "the platform lead", "our controller", "the CTO", "legal",
               "the head of finance"],
    "feature": ["single sign-on", "role-based access", "a read-only IAM role",
                "hourly granularity", "custom allocation rules", "multi-cloud support",
                "an audit log", "CSV exports", "Terraform modules", "data residency in the EU"],
}

# Each template is (role, text); role is "rep", "prospect" or "any". Every template has
# at least two slots, so the same sentence rarely comes out twice.
TEMPLATES: list[tuple[str, str]] = [
    ("rep", "How are you tracking {metric} across {team} for {service} today?"),
    ("rep", "Walk me through what happens {when} when {pain}, say with {tool}."),
    ("rep", "Who besides {person} would need to sign off on {product} {timeframe}?"),
    ("rep", "Most {industry} teams start with {product} and add {feature} later."),
    ("rep", "If we could cut {metric} by {pct} percent, what would that be worth to {person}?"),
    ("rep", "For {team}, think of {product} {analogy}."),
    ("rep", "A customer with {team} saw {metric} drop {pct} percent in {n} weeks."),
    ("rep", "We replace {tool} for most customers, and {product} takes about {n} days to set up."),
    ("rep", "I hear you on {objection_short}; what's driving that for {person} {when}?"),
    ("rep", "We support {feature} out of the box, and {product} works with {tool}."),
    ("rep", "What would it take to get {person} comfortable with {objection_short} {timeframe}?"),
    ("rep", "Let me show you how {product} flags {metric} before it hits {service}."),
    ("rep", "Pricing is based on spend under management, so for {n2} accounts it's about {money} "
            "a year."),
    ("rep", "We could run a {n}-day pilot on {service} and measure {metric} together."),
    ("rep", "Is {pain_short} the main reason {person} wanted this call {when}?"),
    ("rep", "So if I play that back: {pain}, and {person} wants an answer {timeframe}."),
    ("rep", "I'd bring {person} into the next call to talk through {feature} for {service}."),
    ("rep", "Other {industry} teams told us the same thing about {tool}, until they saw "
            "{product}."),
    ("rep", "The way one {industry} customer put it, {product} is {analogy}."),
    ("rep", "On {service} alone we usually find {pct} percent of {metric} is waste."),
    ("prospect", "Honestly, {pain}, and {person} brought it up again {when}."),
    ("prospect", "Right now we use {tool} for {metric} and it's {analogy}."),
    ("prospect", "We have {team} on {service} and nobody really owns {metric}."),
    ("prospect", "My worry is that {objection}, especially with {person} asking {when}."),
    ("prospect", "To be blunt, {objection}, so we'd need a strong {metric} case by "
                 "{timeframe_noun}."),
    ("prospect", "{person} asked me last week why {metric} went up {pct} percent."),
    ("prospect", "We spend about {money} a month, mostly on {service} for {team}."),
    ("prospect", "Does {product} need {feature}, or can {team} start without it?"),
    ("prospect", "If {product} really saves {pct} percent, {person} would sign {timeframe}."),
    ("prospect", "We tried building this with {tool} and it took {team} {n} months."),
    ("prospect", "The thing is, {pain}, and {tool} didn't help with that {when}."),
    ("prospect", "I like {product} for {service}, but {objection}."),
    ("prospect", "Can you send over a one-pager on {feature} I can forward to {person} {when}?"),
    ("prospect", "We'd need {feature} before {person} even looks at {product}."),
    ("prospect", "Our {service} bill alone is {money} and climbing {pct} percent a quarter."),
    ("prospect", "Managing {metric} with {tool} is {analogy}, to be honest."),
    ("prospect", "How long did your {industry} customers on {service} take to see {metric} move?"),
    ("prospect", "Last quarter {pain}, and it cost {team} about {money}."),
    ("prospect", "I'd have to run it by {person} {when}, since {objection}."),
    ("prospect", "We moved {n2} workloads to {service} last year and {metric} doubled."),
    ("any", "Just so I understand, is {metric} tracked per team or per product on {service} "
            "with {tool}?"),
    ("any", "That lines up with what {person} said about {pain_short} {when}."),
    ("any", "We could look at {feature} {timeframe} if {person} is okay with that."),
]
EXTRA_SLOTS = {
    "service": ["EKS", "RDS", "S3", "BigQuery", "Azure VMs", "Lambda", "GPU instances",
                "data transfer", "Snowflake credits", "CloudFront"],
    "industry": ["logistics", "fintech", "healthcare", "gaming", "retail", "media", "insurance",
                 "SaaS"],
    "when": ["last week", "on Monday", "in the QBR", "this morning", "at the offsite",
             "in the last planning meeting", "yesterday", "a couple of weeks ago",
             "in standup", "during the audit", "on the renewal call", "last month"],
    "timeframe_noun": ["the end of the quarter", "renewal time", "budget season",
                       "the board meeting", "the next planning cycle", "September"],
    "pain_short": ["the tagging mess", "the surprise invoices", "the month-end scramble",
                   "the weekend dev clusters", "nobody owning the bill", "the late finance reports",
                   "the manual reconciliation", "the broken spreadsheet"],
    "objection_short": ["the budget", "the security review", "the in-house tool",
                        "the bandwidth problem", "procurement", "adoption", "the vendor lock-in",
                        "legal's concerns", "the build-versus-buy question"],
}
# Fillers that lead into a sentence ("Yeah, so ..."), as people talk.
OPENERS = {"rep": ["Got it, ", "Makes sense, and ", "Okay, ", "Right, ", "Interesting, ",
                   "Sure, "],
           "prospect": ["Yeah, ", "So, ", "Well, ", "Hmm, ", "I mean, ", "Yep, "]}
BOILERPLATE = ["Can you hear me okay?", "Thanks for making the time today.",
               "Let me share my screen.", "Does that make sense?", "Sorry, you cut out there.",
               "Can you see my screen now?", "I'll send a recap after this call.",
               "Let me know if you have any questions.", "You're on mute, I think.",
               "Sounds good."]


def _fill(template: str, rng: random.Random) -> str:
    """Fill every {slot} of a template with a random filler."""
    def pick(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "pct":
            return str(rng.choice([5, 8, 10, 12, 15, 18, 20, 25, 30, 35, 40]))
        if key == "n":
            return str(rng.randint(2, 14))
        if key == "n2":
            return str(rng.randint(3, 400))
        if key == "money":
            return f"${rng.randint(3, 95) * 5}k"
        return rng.choice(SLOTS.get(key) or EXTRA_SLOTS[key])

    text = re.sub(r"\{(\w+)\}", pick, template)
    return text[0].upper() + text[1:]


def _sentence(role: str, rng: random.Random) -> str:
    if rng.random() < BOILERPLATE_SHARE:
        return rng.choice(BOILERPLATE)
    pool = [t for r, t in TEMPLATES if r in (role, "any")]
    return _fill(rng.choice(pool), rng)


def _turn(role: str, rng: random.Random) -> str:
    parts = [_sentence(role, rng) for _ in range(rng.choice([1, 1, 2, 2, 2, 3]))]
    if rng.random() < 0.25 and parts[0] not in BOILERPLATE:
        parts[0] = rng.choice(OPENERS[role]) + parts[0][0].lower() + parts[0][1:]
    return " ".join(parts)


def _person(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


def generate_call(index: int, rng: random.Random,
                  turns_per_call: int = 30) -> tuple[str, bytes, bytes]:
    """One call: (filename, transcript bytes, sidecar JSON bytes)."""
    rep = rng.choice(REPS)
    used = {rep}
    prospects = [_person(rng, used) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    lines = [f"{rep}: {rng.choice(BOILERPLATE[:2])} {_sentence('rep', rng)}"]
    for i in range(1, turns_per_call):
        speaker, role = (rep, "rep") if i % 2 == 0 else (rng.choice(prospects), "prospect")
        lines.append(f"{speaker}: {_turn(role, rng)}")
    account = rng.choice(ACCOUNTS)
    started = datetime(2026, 1, 5, 15, tzinfo=UTC) + timedelta(
        days=rng.randint(0, 300), minutes=30 * rng.randint(0, 16))
    meta = {
        "call_id": f"BENCH-{index:05d}",
        "title": f"{account} - {rng.choice(STAGES).title()}",
        "started_at": started.isoformat().replace("+00:00", "Z"),
        "account": account,
        "outcome": rng.choices(["won", "lost", "open"], weights=[3, 3, 4])[0],
        "participants": [{"name": rep, "role": "rep"},
                         *({"name": p, "role": "prospect"} for p in prospects)],
    }
    filename = f"bench-{index:05d}-{account.lower().replace(' ', '-')}.txt"
    return filename, ("\n".join(lines) + "\n").encode(), json.dumps(meta, indent=2).encode()


def generate_calls(n_calls: int, seed: int = 0,
                   turns_per_call: int = 30) -> list[tuple[str, bytes, bytes]]:
    """`n_calls` transcripts as (filename, transcript bytes, sidecar JSON bytes)."""
    rng = random.Random(seed)
    return [generate_call(i, rng, turns_per_call) for i in range(n_calls)]


def main() -> None:
    """Write generated calls (and their .meta.json sidecars) to a folder."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--turns", type=int, default=30)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data, sidecar in generate_calls(args.calls, args.seed, args.turns):
        (args.out / name).write_bytes(data)
        (args.out / name).with_suffix(".meta.json").write_bytes(sidecar)
    print(f"wrote {args.calls} calls to {args.out}")


if __name__ == "__main__":
    main()
