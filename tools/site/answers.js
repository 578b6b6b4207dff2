// Reading the Vote: the answer boxes of a notebook page, judged in the page as the course's
// Python check (unitevote.checks.evaluate) judges them, with no Python and no network.
//
// The page embeds its exercises as JSON (<script type="application/json" id="exercise-data">,
// written by tools/build_site.py from unitevote.siteexport): expected values, precision,
// misconception values and every sentence the check can say, made by the Python judges
// themselves, with slots (\u0001name\u0002) for what depends on the answer. Nothing here is a
// second copy of an answer or of a message: this file only reproduces the judging rules.
//
// An answer is judged as a typed value: {t: "int", v: "12"}, {t: "float", v: 12.3},
// {t: "str", v: "..."}, {t: "list" | "tuple", items: [...]}, {t: "ellipsis"}, ... (Python's own
// type names, as the wrong-type sentence prints them). `read` turns what a learner types into
// one (see its comment); tests hand `judge` the same values they hand Python.
//
// Answers and the hint ladder's counts stay in the page, and in the browser's localStorage when
// it allows (key "reading-the-vote/answer/NN.k"), nowhere else.
(function () {
  "use strict";

  var STORAGE = "reading-the-vote/answer/";

  function slot(name) {
    return "\u0001" + name + "\u0002";
  }

  function fill(sentence, values) {
    for (var name in values) {
      sentence = sentence.split(slot(name)).join(values[name]);
    }
    return sentence;
  }

  // ------------------------------------------------------------------ Python's text of a value

  // repr(float): the shortest digits that read back as the same double (JavaScript's digits
  // are the same), laid out as Python does: positional from 1e-4 up to 1e16, else an exponent
  // of at least two digits; always a ".0" on a whole number.
  function floatRepr(x) {
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
    var parts = decimalParts(x);
    var digits = parts.digits;
    var point = parts.exponent + digits.length; // digits before the decimal point
    var sign = parts.negative ? "-" : "";
    if (point > 16 || point < -3) {
      var mantissa = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "");
      var power = point - 1;
      var text = String(Math.abs(power));
      return sign + mantissa + "e" + (power < 0 ? "-" : "+") + (text.length < 2 ? "0" : "") + text;
    }
    if (point <= 0) return sign + "0." + "0".repeat(-point) + digits;
    if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length) + ".0";
    return sign + digits.slice(0, point) + "." + digits.slice(point);
  }

  // A finite double as sign, significant digits and exponent: the shortest round-trip digits
  // of Number#toString (which Python's repr also prints), value = digits x 10^exponent.
  function decimalParts(x) {
    var text = String(Math.abs(x));
    var exponent = 0;
    var e = text.indexOf("e");
    if (e >= 0) {
      exponent = Number(text.slice(e + 1));
      text = text.slice(0, e);
    }
    var dot = text.indexOf(".");
    if (dot >= 0) {
      exponent -= text.length - dot - 1;
      text = text.slice(0, dot) + text.slice(dot + 1);
    }
    text = text.replace(/^0+/, "") || "0";
    var trailing = text.match(/0*$/)[0].length;
    if (trailing && trailing < text.length) {
      text = text.slice(0, text.length - trailing);
      exponent += trailing;
    }
    return { negative: x < 0 || Object.is(x, -0), digits: text, exponent: exponent };
  }

  // Python's str.isprintable, character by character (what repr leaves unescaped).
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  function hex(code, width) {
    var text = code.toString(16);
    return "0".repeat(Math.max(0, width - text.length)) + text;
  }

  function strRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = quote;
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (ch === quote || ch === "\\") out += "\\" + ch;
      else if (ch === "\t") out += "\\t";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (code < 0x20 || code === 0x7f) out += "\\x" + hex(code, 2);
      else if (code < 0x7f || ch === " " || !NOT_PRINTABLE.test(ch)) out += ch;
      else if (code <= 0xff) out += "\\x" + hex(code, 2);
      else if (code <= 0xffff) out += "\\u" + hex(code, 4);
      else out += "\\U" + hex(code, 8);
    }
    return out + quote;
  }

  function repr(value) {
    switch (value.t) {
      case "str": return strRepr(value.v);
      case "int": return value.v;
      case "float": return floatRepr(value.v);
      case "bool": return value.v ? "True" : "False";
      case "NoneType": return "None";
      case "ellipsis": return "Ellipsis";
      case "list": return "[" + value.items.map(repr).join(", ") + "]";
      case "tuple":
        return "(" + value.items.map(repr).join(", ") + (value.items.length === 1 ? ",)" : ")");
      default: return "<" + value.t + ">";
    }
  }

  function pyStr(value) {
    return value.t === "str" ? value.v : repr(value);
  }

  // f"{answer!r:.60}": the first 60 characters (code points) of the repr.
  function shortRepr(value) {
    return Array.from(repr(value)).slice(0, 60).join("");
  }

  // unitevote.bases.normal: case folded (upper then lower case, twice, folds every letter the
  // course's answers use as casefold does), curly apostrophes straightened, Python's
  // whitespace collapsed.
  var PY_SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  function normal(text) {
    var folded = text.toUpperCase().toLowerCase().toUpperCase().toLowerCase();
    folded = folded.replace(/[\u2018\u2019]/g, "'");
    return folded.split(PY_SPACE).filter(function (word) { return word; }).join(" ");
  }

  // unitevote.checks._norm: a text as the checks compare it (underscores as spaces).
  function norm(text) {
    return normal(text.replace(/_/g, " "));
  }

  // ------------------------------------------------------------------ numbers

  function isNumber(value) {
    return value.t === "int" || value.t === "float";
  }

  function toFloat(value) {
    return value.t === "int" ? Number(value.v) : value.v;
  }

  // Decimal(repr(float(x))).quantize(10 ** -decimals, ROUND_HALF_UP), as an integer count of
  // 10 ** -decimals (half up: a tie goes away from zero), on the shortest digits of x.
  function rounded(x, decimals) {
    var parts = decimalParts(x);
    var shift = parts.exponent + decimals; // value x 10^decimals = digits x 10^shift
    var units;
    if (shift >= 0) {
      units = BigInt(parts.digits) * 10n ** BigInt(shift);
    } else {
      var drop = -shift;
      var digits = "0".repeat(Math.max(0, drop + 1 - parts.digits.length)) + parts.digits;
      units = BigInt(digits.slice(0, digits.length - drop));
      if (digits[digits.length - drop] >= "5") units += 1n;
    }
    return parts.negative ? -units : units;
  }

  function matchesNumber(exercise, x, target) {
    if (target !== null && typeof target === "object" && target.bases) {
      return Object.keys(target.bases).some(function (base) {
        return matchesNumber(exercise, x, target.bases[base]);
      });
    }
    if (exercise.decimals !== null && exercise.decimals !== undefined) {
      return rounded(x, exercise.decimals) === rounded(target, exercise.decimals);
    }
    return Math.abs(x - target) <= exercise.tolerance + 1e-9;
  }

  // ------------------------------------------------------------------ the judges

  function verdict(status, message, misconception) {
    return { status: status, message: message, misconception: misconception || null };
  }

  function correct(exercise) {
    return verdict("correct", exercise.sentences.correct);
  }

  function misconception(exercise, index) {
    return verdict("misconception", exercise.sentences.misconceptions[index],
                   exercise.misconceptions[index].name);
  }

  // A misconception the checks detect by themselves, by its key in the page's `named` (its name
  // as unitevote.checks defines it: "fraction", "too_few_decimals", "unnamed_base", ...).
  function named(exercise, page, key) {
    var name = page.named[key];
    return verdict("misconception", exercise.sentences.named[name], name);
  }

  // A plain "not yet": the ladder's rung for `tries` earlier wrong answers, after `detail`.
  function notYet(exercise, tries, detail) {
    var hints = exercise.sentences.hints;
    var hint = hints[Math.min(tries, hints.length - 1)];
    return verdict("incorrect", fill(exercise.sentences.not_yet, { detail: detail || "", hint: hint }));
  }

  function wrongType(exercise, answer) {
    var values = { type: answer.t, repr: shortRepr(answer) };
    if (answer.shape) {
      values.shape = "(" + answer.shape.join(", ") + (answer.shape.length === 1 ? ",)" : ")");
      return verdict("wrong type", fill(exercise.sentences.wrong_type_shape, values));
    }
    return verdict("wrong type", fill(exercise.sentences.wrong_type, values));
  }

  function items(answer) {
    return answer.t === "list" || answer.t === "tuple" ? answer.items : null;
  }

  function matches(exercise, answer, target) {
    if (exercise.kind === "number") return matchesNumber(exercise, toFloat(answer), target);
    if (exercise.kind === "text") {
      var word = norm(pyStr(answer));
      return target.some(function (text) { return norm(text) === word; });
    }
    if (exercise.kind === "set") {
      var given = new Set((items(answer) || []).map(function (item) { return norm(pyStr(item)); }));
      var wanted = new Set(target.map(norm));
      return given.size === wanted.size && Array.from(given).every(function (t) { return wanted.has(t); });
    }
    return false;
  }

  function misconceptionFound(exercise, answer) {
    for (var i = 0; i < exercise.misconceptions.length; i++) {
      if (matches(exercise, answer, exercise.misconceptions[i].value)) return misconception(exercise, i);
    }
    return null;
  }

  // unitevote.checks.decimals_given: how many decimals a number is written with (3.90 is 3.9).
  function decimalsGiven(x) {
    return Math.max(0, -decimalParts(x).exponent);
  }

  // unitevote.checks._too_few_decimals: the target, rounded to fewer decimals than asked.
  function tooFewDecimals(exercise, x, target) {
    if (!exercise.decimals || !Number.isFinite(x)) return false;
    var given = decimalsGiven(x);
    return given < exercise.decimals && rounded(x, given) === rounded(target, given);
  }

  function judgeNumber(exercise, answer, tries, page) {
    if (!isNumber(answer)) return wrongType(exercise, answer);
    var x = toFloat(answer);
    if (exercise.integer && !Number.isInteger(x)) {
      // A fraction of a count: a named misconception if it rounds to one, else the form.
      if (!matches(exercise, answer, exercise.expected)) {
        var named_ = misconceptionFound(exercise, answer);
        if (named_) return named_;
      }
      return verdict("wrong type", fill(exercise.sentences.fractional, { repr: repr(answer) }));
    }
    if (matches(exercise, answer, exercise.expected)) return correct(exercise);
    if (tooFewDecimals(exercise, x, exercise.expected)) return named(exercise, page, "too_few_decimals");
    var found = misconceptionFound(exercise, answer);
    if (found) return found;
    if (exercise.unit === "percent" && matchesNumber(exercise, x * 100, exercise.expected)) {
      return named(exercise, page, "fraction");
    }
    return notYet(exercise, tries);
  }

  function judgeText(exercise, answer, tries) {
    if (answer.t !== "str") return wrongType(exercise, answer);
    if (matches(exercise, answer, exercise.expected)) return correct(exercise);
    return misconceptionFound(exercise, answer) || notYet(exercise, tries);
  }

  function judgeSet(exercise, answer, tries) {
    var list = items(answer);
    if (list === null) return wrongType(exercise, answer);
    var asList = { t: "list", items: list };
    if (matches(exercise, asList, exercise.expected)) return correct(exercise);
    var found = misconceptionFound(exercise, asList);
    if (found) return found;
    var given = new Set(list.map(function (item) { return norm(pyStr(item)); }));
    var wanted = new Set(exercise.expected.map(norm));
    var have = Array.from(given).filter(function (t) { return wanted.has(t); }).length;
    var extra = given.size - have;
    var detail = fill(exercise.sentences[extra ? "set_detail_extra" : "set_detail"],
                      { have: String(have), expected: String(wanted.size), extra: String(extra) });
    return notYet(exercise, tries, detail);
  }

  // unitevote.bases, with its lists from the page's data (`bases`, `ambiguous`, `negations`):
  // where each form occurs in the words as whole words, not right after a negation.
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function spans(words, forms, negations) {
    var found = [];
    forms.forEach(function (form) {
      var pattern = new RegExp("(?<![\\p{L}\\p{N}_'])" + escapeRegExp(form) + "(?![\\p{L}\\p{N}_'])", "gu");
      var match;
      while ((match = pattern.exec(words)) !== null) {
        var before = words.slice(0, match.index);
        var negated = negations.some(function (word) { return before.endsWith(word); });
        if (!negated) found.push([match.index, match.index + match[0].length]);
      }
    });
    return found;
  }

  // The base a learner's words name (a key of the page's bases), or null if none or several; a
  // form inside a longer form of another base does not count (unitevote.bases.named).
  function baseNamed(page, text) {
    var words = normal(text);
    var found = [];
    Object.keys(page.bases).forEach(function (base) {
      spans(words, page.bases[base], page.negations).forEach(function (span) {
        found.push({ span: span, base: base });
      });
    });
    var kept = new Set();
    found.forEach(function (one) {
      var inside = found.some(function (other) {
        return other.base !== one.base && other.span[0] <= one.span[0] &&
          one.span[1] <= other.span[1] &&
          other.span[1] - other.span[0] > one.span[1] - one.span[0];
      });
      if (!inside) kept.add(one.base);
    });
    return kept.size === 1 ? Array.from(kept)[0] : null;
  }

  // unitevote.bases.ambiguous: no base named outright, but words that fit more than one.
  function ambiguousBase(page, text) {
    return baseNamed(page, text) === null && spans(normal(text), page.ambiguous, page.negations).length > 0;
  }

  function judgeBased(exercise, answer, tries, page) {
    var computed = Object.assign({}, exercise.other_bases, exercise.expected);
    var values = Object.keys(computed).map(function (base) { return computed[base]; });
    if (isNumber(answer)) {
      var x = toFloat(answer);
      if (values.some(function (t) { return matchesNumber(exercise, x, t); })) {
        return named(exercise, page, "unnamed_base");
      }
      return wrongType(exercise, answer);
    }
    var list = items(answer);
    if (list === null || list.length !== 2 || !isNumber(list[0]) || list[1].t !== "str") {
      return wrongType(exercise, answer);
    }
    var value = toFloat(list[0]);
    var base = baseNamed(page, list[1].v);
    if (base === null && ambiguousBase(page, list[1].v)) {
      return verdict("wrong type", exercise.sentences.ambiguous_base);
    }
    if (base === null) return verdict("wrong type", exercise.sentences.unreadable_base);
    if (base in exercise.expected && matchesNumber(exercise, value, exercise.expected[base])) {
      return correct(exercise);
    }
    if (base in exercise.expected && tooFewDecimals(exercise, value, exercise.expected[base])) {
      return named(exercise, page, "too_few_decimals");
    }
    var decimals = exercise.decimals || 0;
    for (var i = 0; i < exercise.misconceptions.length; i++) {
      var target = exercise.misconceptions[i].value;
      var hit;
      if (target !== null && typeof target === "object" && "base" in target) {
        hit = base === baseNamed(page, target.base) &&
              rounded(value, decimals) === rounded(target.value, decimals);
      } else {
        hit = matchesNumber(exercise, value, target);
      }
      if (hit) return misconception(exercise, i);
    }
    var fits = Object.keys(computed).filter(function (name) {
      return matchesNumber(exercise, value, computed[name]);
    });
    if (fits.length && fits.indexOf(base) < 0) return named(exercise, page, "base_mismatch");
    if (exercise.unit === "percent" && Object.keys(exercise.expected).some(function (name) {
      return matchesNumber(exercise, value * 100, exercise.expected[name]);
    })) {
      return named(exercise, page, "fraction");
    }
    return notYet(exercise, tries);
  }

  // The verdict of unitevote.checks.evaluate(exercise, answer, tries): {status, message,
  // misconception}. `page`: the page's data (its bases, ambiguous words and negations, for
  // "based" exercises; the names of the misconceptions the checks detect by themselves).
  function judge(exercise, answer, tries, page) {
    if (answer.t === "ellipsis") return verdict("unanswered", exercise.sentences.unanswered);
    tries = tries || 0;
    switch (exercise.kind) {
      case "number": return judgeNumber(exercise, answer, tries, page);
      case "text": return judgeText(exercise, answer, tries);
      case "set": return judgeSet(exercise, answer, tries);
      case "based": return judgeBased(exercise, answer, tries, page);
      default: return null; // a chart is checked in JupyterLab
    }
  }

  // ------------------------------------------------------------------ reading a typed answer

  // What a learner types, read as the Python value they would put after `answer =`, leniently:
  // - "..." is Python's ... (not answered); an empty box is nothing (null);
  // - a number: Python's int and float literals (12, -3, 12.3, .5, 1e-3, 1_000), and whole
  //   numbers grouped by commas (1,062,049); anything else, or a number too large to be a
  //   float, is text, as Python would have it in quotes ("12.3%" is the text '12.3%');
  // - text: as typed; one pair of surrounding quotes, if any, is dropped ('PA' and PA alike);
  // - a list (set exercises): texts separated by commas, with or without brackets and quotes;
  // - a number with its base (based exercises): "37.7, valid votes", or Python's
  //   (37.7, 'valid votes'); a lone number is a number.
  var INT = /^[+-]?(?:\d(?:_?\d)*|\d{1,3}(?:,\d{3})+)$/;
  var FLOAT = /^[+-]?(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*|\d(?:_?\d)*(?=[eE]))(?:[eE][+-]?\d(?:_?\d)*)?$/;

  function unquote(text) {
    var match = /^(['"])([\s\S]*)\1$/.exec(text);
    return match ? match[2] : text;
  }

  function readNumber(text) {
    if (INT.test(text)) {
      var digits = text.replace(/[_,]/g, "").replace(/^\+/, "");
      var whole = BigInt(digits).toString();
      if (Number.isFinite(Number(whole))) return { t: "int", v: whole };
    } else if (FLOAT.test(text)) {
      var x = Number(text.replace(/_/g, ""));
      if (Number.isFinite(x)) return { t: "float", v: x };
    }
    return null;
  }

  function read(text, kind) {
    text = text.trim();
    if (!text) return null;
    if (text === "...") return { t: "ellipsis" };
    if (kind === "text") return { t: "str", v: unquote(text) };
    if (kind === "set") {
      var inner = text.replace(/^[[({]\s*/, "").replace(/\s*[\])}]$/, "");
      var parts = inner.split(/\s*[,;\n]\s*/).map(function (part) { return unquote(part.trim()); });
      return { t: "list", items: parts.filter(function (p) { return p; }).map(function (p) {
        return { t: "str", v: p };
      }) };
    }
    var number = readNumber(text);
    if (number) return number;
    if (kind === "based") {
      var bare = text.replace(/^\(\s*/, "").replace(/\s*\)$/, "");
      var pair = /^([^\s,]+(?:,\d{3})*)\s*(?:,\s*|\s+)(\S[\s\S]*)$/.exec(bare);
      var value = pair && readNumber(pair[1]);
      if (value) return { t: "tuple", items: [value, { t: "str", v: unquote(pair[2].trim()) }] };
    }
    return { t: "str", v: unquote(text) };
  }

  // ------------------------------------------------------------------ the forms

  // The hint ladder as unitevote.checks.check climbs it: the same answer again shows the same
  // rung; a changed answer shows the rung for the number of changed plain "not yet" answers
  // before it.
  function sameAnswer(value) {
    if (value.t === "int" || value.t === "float" || value.t === "bool") {
      return "number:" + String(value.t === "bool" ? Number(value.v) : toFloat(value));
    }
    return JSON.stringify(value);
  }

  function Attempts(stored) {
    stored = stored || {};
    this.last = stored.last || null;
    this.tries = stored.tries || 0;
    this.wrong = stored.wrong || 0;
    this.rung = stored.rung || 0;
  }

  Attempts.prototype.check = function (exercise, answer, page) {
    var key = sameAnswer(answer);
    var rung = this.last !== null && key === this.last ? this.rung : this.wrong;
    var found = judge(exercise, answer, rung, page);
    if (key !== this.last && found.status !== "unanswered") {
      this.tries += 1;
      if (page.climbs.indexOf(found.status) >= 0) this.wrong += 1;
    }
    this.last = key;
    this.rung = rung;
    return found;
  };

  function load(id) {
    try {
      return JSON.parse(window.localStorage.getItem(STORAGE + id) || "null");
    } catch (error) {
      return null; // storage refused (a private window, a file:// policy): memory only
    }
  }

  function save(id, text, attempts) {
    try {
      window.localStorage.setItem(STORAGE + id, JSON.stringify({
        text: text, last: attempts.last, tries: attempts.tries, wrong: attempts.wrong,
        rung: attempts.rung }));
    } catch (error) {
      // memory only
    }
  }

  function setUp(form, exercise, page) {
    var input = form.querySelector("input");
    var status = form.querySelector("[role=status]");
    var stored = load(exercise.id);
    var attempts = new Attempts(stored);
    if (stored && typeof stored.text === "string") input.value = stored.text;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer = read(input.value, exercise.kind);
      var found = answer === null
        ? verdict("empty", form.getAttribute("data-empty"))
        : attempts.check(exercise, answer, page);
      save(exercise.id, input.value, attempts);
      // Emptied first, so a screen reader announces a repeated sentence again.
      status.textContent = "";
      status.removeAttribute("data-status");
      window.setTimeout(function () {
        status.textContent = found.message;
        status.setAttribute("data-status", found.status);
      }, 50);
    });
    form.hidden = false;
  }

  function setUpAll() {
    var script = document.getElementById("exercise-data");
    if (!script) return;
    var data = JSON.parse(script.textContent);
    var forms = document.querySelectorAll("form.answer-form[data-exercise]");
    for (var i = 0; i < forms.length; i++) {
      var exercise = data.exercises[forms[i].getAttribute("data-exercise")];
      if (exercise) setUp(forms[i], exercise, data);
    }
    document.documentElement.setAttribute("data-answers-ready", String(forms.length));
  }

  window.ReadingTheVote = {
    judge: judge, read: read,
    data: function () {
      var script = document.getElementById("exercise-data");
      return script ? JSON.parse(script.textContent) : null;
    },
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
