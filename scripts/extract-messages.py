#!/usr/bin/env python3
"""Writes Themes/default/locales/portal.pot: every English message of the built-in
themes' {{#i18n}} sections and of the sentences portalgen composes in Swift (site.t(...) calls and the
tables of labels they translate), and adds each message missing from a language's .po with an empty
translation, so translators' tools show what is left. Run from the package root after changing wording;
`swift test` fails when a page asks for a message the catalogs lack."""
import glob, re, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THEMES = os.path.join(ROOT, 'Themes')
LITERAL = r'"((?:[^"\\]|\\.)*)"'

def norm(text): return ' '.join(text.split())

messages = {}  # msgid -> (plural or None, [references])
def add(msgid, plural=None, ref=''):
    msgid = msgid.replace('\\"', '"').replace('\\\\', '\\')
    if plural: plural = plural.replace('\\"', '"')
    entry = messages.setdefault(msgid, [plural, []])
    if plural: entry[0] = plural
    if ref and ref not in entry[1]: entry[1].append(ref)

for path in sorted(glob.glob(THEMES + '/*/*/*.mustache')):
    ref = os.path.relpath(path, THEMES)
    for m in re.finditer(r'\{\{#i18n\}\}(.*?)\{\{/i18n\}\}', open(path).read(), re.S):
        add(norm(m.group(1)), ref=ref)

swift = sorted(glob.glob(ROOT + '/Sources/PortalCore/Pages/*.swift')) + [ROOT + '/Sources/PortalCore/Render/SiteRenderer.swift']
for path in swift:
    text = open(path).read()
    ref = os.path.relpath(path, ROOT)
    for m in re.finditer(r'\b(?:t|localizer)\(\s*' + LITERAL + r'(?:\s*,\s*' + LITERAL + r'\s*,\s*count:)?', text):
        if '\\(' in m.group(1): continue
        add(m.group(1), m.group(2), ref)
    # Tables whose English texts pass through t() at run time: labels, titles, empty states, statuses.
    for m in re.finditer(r'(?:label|title|empty): ' + LITERAL, text):
        if '\\(' not in m.group(1) and re.search(r'[A-Za-z]', m.group(1)): add(m.group(1), ref=ref)
    for m in re.finditer(r'\(\s*\.[A-Za-z]+,\s*' + LITERAL + r',\s*"[a-z/.-]+"\s*\)', text):  # navigation (PageKind)
        add(m.group(1), ref=ref)

# Generated from tables in Swift that hold English words as data.
pres = open(ROOT + '/Sources/PortalCore/Pages/Presentation.swift').read()
statuses = re.search(r'static let knownStatuses.*?\[(.*?)\]\.map', pres, re.S).group(1)
for code in re.findall(LITERAL, statuses):
    add(' '.join(w[:1].upper() + w[1:].lower() for w in code.replace('_', ' ').split()), ref='Presentation.knownStatuses')
for name in re.findall(LITERAL, re.search(r'genericPaymentMethods.*?\[(.*?)\]', pres, re.S).group(1)):
    add(name, ref='Presentation.genericPaymentMethods')
wording = open(ROOT + '/Sources/PortalCore/Pages/SiteContext+Wording.swift').read()
for name in re.findall(r'"[a-z_]+": ' + LITERAL, wording): add(name, ref='notificationType')
activity = open(ROOT + '/Sources/PortalCore/Pages/ActivityPage.swift').read()
for name in re.findall(r'"[a-z]+": ' + LITERAL, re.search(r'let known = \[(.*?)\]', activity, re.S).group(1)): add(name, ref='ActivityPage.action')
for name in re.findall(r'add\(\s*"[a-z]+", "[a-z]+\\\(\w+\.id\)", ' + LITERAL, activity): add(name, ref='ActivityPage.documentEvents')
for path in swift:
    text = open(path).read()
    for block in re.findall(r'\[((?:\s*"[A-Z][A-Za-z ]*",?)+)\s*\]\.map \{ site\.t\(\$0\) \}', text):
        for name in re.findall(LITERAL, block): add(name, ref=os.path.relpath(path, ROOT))
    for m in re.finditer(r'\("([A-Z][^"]*)", figures\.', text): add(m.group(1), ref=os.path.relpath(path, ROOT))
    for m in re.finditer(r'let headers = \[(.*?)\]', text): [add(n, ref='csv headers') for n in re.findall(LITERAL, m.group(1))]
    for m in re.finditer(r'\("([A-Z0-9][^"]*)", (?:Int\.min|\d)', text): add(m.group(1), ref='StatementPage.buckets')
    for label in re.findall(r'\("[a-z_]+", "([A-Z][a-z ]+)"\)', text):
        add(label, ref='IssueListPage.statuses'); add('No %s issues' % label.lower(), ref='IssueListPage'); add('%s issues' % label, ref='IssueListPage')
    for m in re.finditer(r'\bt\(\$0\.id == "[a-z]+" \? ' + LITERAL + r' : ' + LITERAL, text):  # titles chosen per tab
        add(m.group(1), ref=os.path.relpath(path, ROOT))
        if '\\(' not in m.group(2): add(m.group(2), ref=os.path.relpath(path, ROOT))
    for m in re.finditer(r'add\(\s*[\w.]+,\s*' + LITERAL + r',\s*' + LITERAL + r',\s*"[a-z/.]+",\s*' + LITERAL, text):  # dashboard actions
        add(m.group(1), m.group(2), ref=os.path.relpath(path, ROOT)); add(m.group(3), ref=os.path.relpath(path, ROOT))
    for m in re.finditer(r'label: "(Approved|Rejected|All)"', text):
        if 'Approval' in path: add('%s approvals' % m.group(1), ref='ApprovalListPage')

def po_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'

def entry(msgid, plural, refs, translations=None, nplurals=2):
    lines = ['#: ' + ' '.join(sorted(refs))] if refs else []
    lines.append('msgid ' + po_string(msgid))
    if plural:
        lines.append('msgid_plural ' + po_string(plural))
        for i in range(nplurals): lines.append('msgstr[%d] %s' % (i, po_string((translations or [''] * nplurals)[i] if translations and i < len(translations) else '')))
    else:
        lines.append('msgstr ' + po_string(translations[0] if translations else ''))
    return '\n'.join(lines)

header = '''# English messages of portalgen's built-in themes. Copy to <language>.po and translate;
# placeholders ({{name}}) and HTML tags must stay as they are.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
'''
out = os.path.join(THEMES, 'default/locales')
os.makedirs(out, exist_ok=True)
order = sorted(messages, key=lambda m: (sorted(messages[m][1])[0] if messages[m][1] else '', m))
with open(os.path.join(out, 'portal.pot'), 'w') as f:
    f.write(header + '\n' + '\n\n'.join(entry(m, messages[m][0], messages[m][1]) for m in order) + '\n')

def unquote(text):
    out, i = [], 0
    body = text[1:-1]
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            out.append({'n': '\n', 't': '\t', '"': '"', '\\': '\\'}.get(body[i + 1], body[i + 1])); i += 2
        else:
            out.append(c); i += 1
    return ''.join(out)

def read_po(path):
    """msgid -> list of translations; and the header block's text."""
    entries, header, current, field = {}, '', None, None
    def finish():
        if current and current.get('msgid') is not None:
            if current['msgid'] == '': return current
            entries[current['msgid']] = [current.get('msgstr[%d]' % i, current.get('msgstr', '')) for i in range(6) if ('msgstr[%d]' % i) in current] or [current.get('msgstr', '')]
    head = None
    for line in open(path).read().splitlines() + ['']:
        line = line.strip()
        if not line:
            h = finish()
            if h: head = h
            current, field = None, None; continue
        if line.startswith('#'): continue
        if line.startswith('"'):
            current[field] += unquote(line); continue
        key, _, value = line.partition(' ')
        if current is None: current = {}
        current[key] = unquote(value.strip()); field = key
    return entries, head

for po in sorted(glob.glob(os.path.join(out, '*.po'))):
    old, head = read_po(po)
    rule = re.search(r'Plural-Forms: *([^\n]*)', head.get('msgstr', '') if head else '')
    nplurals = int(re.search(r'nplurals=(\d)', rule.group(1)).group(1)) if rule else 2
    lines = []
    with open(po) as f:
        for line in f:
            if line.startswith('msgid "') and line.strip() != 'msgid ""': break
            lines.append(line.rstrip('\n'))
    body = [entry(m, messages[m][0], [], old.get(m), nplurals) for m in order]
    open(po, 'w').write('\n'.join(lines).rstrip('\n') + '\n\n' + '\n\n'.join(body) + '\n')
print(len(messages), 'messages')
