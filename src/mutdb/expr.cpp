// The rule language of mutation-db (SCHEMA.md): a small recursive-descent parser.
#include <algorithm>
#include <cctype>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

namespace hbvdr
{

std::string_view to_string(rule_level const l) noexcept
{
    switch (l)
    {
    case rule_level::S:
        return "S";
    case rule_level::I:
        return "I";
    case rule_level::R:
        return "R";
    }
    return "S";
}

std::string expr::atom_text() const
{
    if (k != kind::mutation)
        return {};
    return std::string{info(g).prefix} + wildtype + std::to_string(pos) + residues.to_string()
           + (native_ok.empty() ? std::string{} : "@" + native_ok);
}

void collect_atoms(expr const & e, std::vector<expr const *> & out)
{
    if (e.k == expr::kind::mutation)
        out.push_back(&e);
    for (expr const & c : e.children)
        collect_atoms(c, out);
}

namespace
{

std::vector<std::string> tokenize(std::string_view const text)
{
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&]
    {
        if (!cur.empty())
            out.push_back(std::move(cur));
        cur.clear();
    };
    for (char const c : text)
    {
        if (c == ' ' || c == '\t')
        {
            flush();
        }
        else if (c == '(' || c == ')' || c == ',' || c == ';')
        {
            flush();
            out.emplace_back(1, c);
        }
        else
        {
            cur.push_back(c);
        }
    }
    flush();
    return out;
}

class parser
{
public:
    parser(std::vector<std::string> tokens, std::string where, std::string_view text) :
        m_tokens{std::move(tokens)}, m_where{std::move(where)}, m_text{text}
    {}

    expr parse()
    {
        if (m_tokens.empty())
            fail("empty expression");
        expr e = parse_or();
        if (m_pos != m_tokens.size())
            fail("unexpected '" + m_tokens[m_pos] + "'");
        return e;
    }

private:
    [[noreturn]] void fail(std::string const & what) const
    {
        throw data_error{m_where + ": " + what + " in expression '" + std::string{m_text} + "'"};
    }
    bool at(std::string_view const t) const
    {
        return m_pos < m_tokens.size() && m_tokens[m_pos] == t;
    }
    void expect(std::string_view const t)
    {
        if (!at(t))
            fail("expected '" + std::string{t} + "'"
                 + (m_pos < m_tokens.size() ? " before '" + m_tokens[m_pos] + "'" : " at the end"));
        ++m_pos;
    }

    expr parse_or()
    {
        expr first = parse_and();
        if (!at("OR"))
            return first;
        expr e;
        e.k = expr::kind::or_;
        e.children.push_back(std::move(first));
        while (at("OR"))
        {
            ++m_pos;
            e.children.push_back(parse_and());
        }
        return e;
    }

    expr parse_and()
    {
        expr first = parse_unary();
        if (!at("AND"))
            return first;
        expr e;
        e.k = expr::kind::and_;
        e.children.push_back(std::move(first));
        while (at("AND"))
        {
            ++m_pos;
            e.children.push_back(parse_unary());
        }
        return e;
    }

    // NOT, parentheses and ATLEAST nest; the parser (and every walk over the tree after it) recurses
    // once per level, so a level count past any real rule's is refused before the stack runs out.
    static constexpr int max_nesting = 100;
    struct nesting
    {
        parser & p;
        explicit nesting(parser & owner) : p{owner}
        {
            if (++p.m_depth > max_nesting)
                p.fail("more than " + std::to_string(max_nesting) + " levels of NOT, parentheses or ATLEAST");
        }
        ~nesting()
        {
            --p.m_depth;
        }
        nesting(nesting const &) = delete;
        nesting & operator=(nesting const &) = delete;
    };

    expr parse_unary()
    {
        if (m_pos >= m_tokens.size())
            fail("expression ends too early");
        nesting const level{*this};
        std::string const & t = m_tokens[m_pos];
        if (t == "NOT")
        {
            ++m_pos;
            expr e;
            e.k = expr::kind::not_;
            e.children.push_back(parse_unary());
            return e;
        }
        if (t == "(")
        {
            ++m_pos;
            expr e = parse_or();
            expect(")");
            return e;
        }
        if (t == "ATLEAST")
        {
            ++m_pos;
            expect("(");
            long long n = 0;
            if (m_pos >= m_tokens.size() || !parse_int(m_tokens[m_pos], n) || n < 1)
                fail("ATLEAST needs a positive count");
            ++m_pos;
            expect(";");
            expr e;
            e.k = expr::kind::atleast;
            e.children.push_back(parse_or());
            while (at(","))
            {
                ++m_pos;
                e.children.push_back(parse_or());
            }
            expect(")");
            // Compared before the narrowing: ATLEAST(4294967297; ...) was read as ATLEAST(1; ...).
            if (static_cast<unsigned long long>(n) > e.children.size())
                fail("ATLEAST(" + std::to_string(n) + "; ...) has only " + std::to_string(e.children.size())
                     + " operands");
            e.n = static_cast<int>(n);
            return e;
        }
        if (t == ")" || t == "," || t == ";" || t == "AND" || t == "OR")
            fail("unexpected '" + t + "'");
        ++m_pos;
        return parse_atom(t);
    }

    expr parse_atom(std::string const & t)
    {
        expr e;
        if (t.rfind("history:", 0) == 0)
        {
            e.k = expr::kind::history;
            e.drug = t.substr(8);
            if (e.drug.empty())
                fail("history: needs a drug code");
            return e;
        }
        if (t.rfind("hbeag:", 0) == 0)
        {
            e.k = expr::kind::hbeag;
            std::string const v = t.substr(6);
            if (v != "positive" && v != "negative")
                fail("hbeag: must be positive or negative, not '" + v + "'");
            e.positive = v == "positive";
            return e;
        }
        // Level atom: DRUG op LEVEL
        for (auto const & [sym, op] : {std::pair{">=", expr::cmp::ge},
                                       std::pair{"<=", expr::cmp::le},
                                       std::pair{"=", expr::cmp::eq},
                                       std::pair{"<", expr::cmp::lt},
                                       std::pair{">", expr::cmp::gt}})
        {
            std::size_t const p = t.find(sym);
            if (p == std::string::npos || p == 0)
                continue;
            std::string const lv = t.substr(p + std::string_view{sym}.size());
            if (lv != "S" && lv != "I" && lv != "R")
                fail("level '" + lv + "' in '" + t + "' must be S, I or R");
            e.k = expr::kind::level;
            e.drug = t.substr(0, p);
            e.op = op;
            e.level = lv == "S" ? rule_level::S : (lv == "I" ? rule_level::I : rule_level::R);
            return e;
        }
        // Mutation atom: (rt|s) WT POS MUTANTS
        std::size_t i = 0;
        if (t.rfind("rt", 0) == 0)
        {
            e.g = gene::rt;
            i = 2;
        }
        else if (t.rfind("s", 0) == 0)
        {
            e.g = gene::s;
            i = 1;
        }
        else
        {
            fail("'" + t + "' is not an atom (expected e.g. rtM204VI, LAM=R, history:LAM, hbeag:positive)");
        }
        if (i >= t.size() || aa_index(t[i]) < 0 || t[i] == '*')
            fail("'" + t + "': expected the wild-type residue after '" + t.substr(0, i) + "'");
        e.wildtype = t[i++];
        std::size_t const digits = i;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
            ++i;
        long long pos = 0;
        if (i == digits || !parse_int(std::string_view{t}.substr(digits, i - digits), pos))
            fail("'" + t + "': expected a position");
        e.pos = static_cast<int>(pos);
        // Optional "@GENOTYPES": residues that count even where native in these genotypes.
        std::size_t const at = t.find('@', i);
        bool ok = false;
        e.residues = aa_set::from_string(std::string_view{t}.substr(i, at == std::string::npos ? t.npos : at - i), &ok);
        if (!ok)
            fail("'" + t + "': expected mutant residues (one-letter codes) after the position");
        if (at != std::string::npos)
        {
            std::string const g = t.substr(at + 1);
            for (char const c : g)
                if (c < 'A' || c > 'J' || std::count(g.begin(), g.end(), c) > 1)
                    fail("'" + t + "': after '@' give genotype letters A-J, each once (e.g. rtH126Y@AEGI)");
            if (g.empty())
                fail("'" + t + "': '@' needs genotype letters A-J (e.g. rtH126Y@AEGI)");
            e.native_ok = g;
            std::sort(e.native_ok.begin(), e.native_ok.end());
        }
        e.k = expr::kind::mutation;
        return e;
    }

    std::vector<std::string> m_tokens;
    std::string m_where;
    std::string_view m_text;
    std::size_t m_pos{0};
    int m_depth{0};
};

} // namespace

expr parse_expr(std::string_view const text, std::string const & where)
{
    return parser{tokenize(text), where, text}.parse();
}

} // namespace hbvdr
