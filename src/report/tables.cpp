#include <charconv>
#include <cmath>

#include <hbvdr/core/text.hpp>
#include <hbvdr/report/tables.hpp>

namespace hbvdr
{

namespace
{

// A value hbvdr produced itself (codes, labels, codons): appended as is.
void cell(std::string & out, std::string_view const v, bool const last = false)
{
    out.append(v);
    out.push_back(last ? '\n' : '\t');
}

// Free text that may come from input files (names, paths, messages): tabs and line breaks become spaces.
void text_cell(std::string & out, std::string_view const v, bool const last = false)
{
    if (v.find_first_of("\t\r\n") == std::string_view::npos)
        out.append(v);
    else
        for (char const c : v)
            out.push_back((c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
    out.push_back(last ? '\n' : '\t');
}

void cell(std::string & out, long long const v, bool const last = false)
{
    char buf[24];
    auto const res = std::to_chars(buf, buf + sizeof(buf), v);
    out.append(buf, res.ptr);
    out.push_back(last ? '\n' : '\t');
}

std::string qc_text(qc_result const & q)
{
    std::string out;
    for (qc_message const & m : q.messages)
        if (m.level != qc_level::note)
            out += (out.empty() ? "" : "; ") + std::string{to_string(m.level)} + ": " + m.text;
    return out;
}

std::string insertion_text(gene_translation const & t, int const pos)
{
    std::string out;
    for (codon_insertion const & i : t.insertions)
        if (i.after == pos && i.in_frame)
            for (aa_set const a : i.aa)
                out += a.is_single() ? a.to_string() : "[" + a.to_string() + "]";
    return out;
}

} // namespace

std::string rt_range_text(int const first, int const last)
{
    return first > 0 ? "rt" + std::to_string(first) + "-rt" + std::to_string(last) : std::string{"none"};
}

double stored_distance(double const distance)
{
    return std::round(distance * 1e6) / 1e6;
}

std::string genotype_display(std::string const & genotype, char const nearest, double const distance)
{
    // Percent with one decimal, rounded half up in decimal from the stored 6-decimal value (0.018500
    // is 1.9 %): formatting 100 * 0.0185 in binary gives 1.8, and the full value 0.0185005 gave 1.9
    // in a fresh run but 1.8 once read back from results.json.
    auto const millionths = std::llround(stored_distance(distance) * 1e6);
    auto const tenths = (millionths + 500) / 1000;
    std::string const percent = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
    if (genotype == "unassigned")
        return nearest == '?' || nearest == ' '
                   ? "unassigned"
                   : "unassigned (nearest " + std::string(1, nearest) + ", " + percent + ")";
    return genotype + " (" + percent + ")";
}

std::string genotype_display(sample_report const & s)
{
    if (!s.analysed)
        return "-";
    return genotype_display(s.genotype.genotype, s.genotype.nearest_genotype, s.genotype.distance);
}

std::string aa_text(codon_call const & c)
{
    switch (c.status)
    {
    case codon_status::called:
    case codon_status::ambiguous:
        return c.aa.to_string();
    case codon_status::deleted:
        return "-";
    case codon_status::not_covered:
    case codon_status::low_depth:
        return {};
    }
    return {};
}

std::string freq_text(codon_call const & c)
{
    std::string out;
    for (auto const & [aa, f] : c.freqs)
        out += (out.empty() ? "" : ";") + std::string(1, aa) + ":" + format_fixed(f, 4);
    return out;
}

std::string mutation_list(std::vector<observed_mutation> const & ms)
{
    std::string out;
    for (observed_mutation const & m : ms)
        out += (out.empty() ? "" : ", ") + m.text();
    return out;
}

std::string summary_header(std::vector<std::string> const & drugs)
{
    std::string h = "sample\tinput_file\trecord\tstatus\tqc_status\tgenotype\tgenotype_distance\tnearest_reference\t"
                    "subgenotype\tgenotype_flags\torientation\trt_first\trt_last\ts_first\ts_last\trt_mutations\t"
                    "s_mutations\t";
    for (std::string const & d : drugs)
        h += d + "\t";
    return h + "remaining_effective\tqc_messages\terror\n";
}

void append_summary_row(std::string & out, sample_report const & s, std::vector<std::string> const & drugs)
{
    text_cell(out, s.name);
    text_cell(out, s.input_file);
    cell(out, static_cast<long long>(s.record));
    cell(out, to_string(s.status));
    if (!s.analysed)
    {
        for (std::size_t i = 0; i < 15 + drugs.size(); ++i)
            cell(out, "");
        std::string err = s.error;
        for (std::string const & w : s.input_warnings)
            err += "; " + w;
        text_cell(out, err, true);
        return;
    }
    genotype_call const & g = s.genotype;
    cell(out, to_string(s.qc.status));
    cell(out, g.genotype);
    cell(out, format_fixed(g.distance, 4));
    cell(out, g.nearest_accession);
    cell(out, g.nearest_subgenotype);
    std::string flags;
    for (genotype_flag const & f : g.flags)
        flags += (flags.empty() ? "" : ",") + f.code;
    cell(out, flags);
    cell(out, s.reverse_complemented ? "reverse" : "forward");
    qc_metrics const & m = s.qc.metrics;
    cell(out, m.rt_first);
    cell(out, m.rt_last);
    cell(out, m.s_first);
    cell(out, m.s_last);
    std::string rt, sm;
    for (mutation_row const & r : s.mutations)
        (r.mutation.g == gene::rt ? rt : sm) +=
            ((r.mutation.g == gene::rt ? rt : sm).empty() ? "" : " ") + mutation_display(r);
    cell(out, rt);
    cell(out, sm);
    for (std::string const & d : drugs)
    {
        drug_call const * dc = s.interpreted ? s.interp.find(d) : nullptr;
        cell(out, dc == nullptr ? std::string_view{} : to_string(dc->level));
    }
    cell(out, s.interpreted ? join(s.interp.remaining_effective, ",") : std::string{});
    std::string qc = qc_text(s.qc);
    for (std::string const & w : s.input_warnings)
        qc += (qc.empty() ? "" : "; ") + std::string{"warning: "} + w;
    text_cell(out, qc);
    cell(out, "", true);
}

std::string drugs_header()
{
    return "sample\tdrug\tdrug_name\tlevel\tmajority_level\tmutations\taccessory\tmissing\trules\tevidence\tdb_"
           "version\trule_set\tother_sets\n";
}

void append_drug_rows(std::string & out, sample_report const & s)
{
    if (!s.analysed || !s.interpreted)
        return;
    std::string name_cell;
    text_cell(name_cell, s.name);
    for (drug_call const & d : s.interp.drugs)
    {
        out.append(name_cell);
        cell(out, d.drug);
        cell(out, d.name);
        cell(out, to_string(d.level));
        cell(out, to_string(d.majority_level));
        cell(out, mutation_list(d.mutations));
        std::string acc;
        for (observed_mutation const & m : d.accessory)
            acc += (acc.empty() ? "" : ", ") + m.text() + " (" + m.role + ")";
        cell(out, acc);
        cell(out, join(d.missing, ", "));
        std::string rules;
        for (rule_hit const & r : d.rules)
            rules += (rules.empty() ? "" : ",") + r.id;
        cell(out, rules);
        cell(out, d.evidence);
        cell(out, s.interp.db_name + " " + s.interp.db_version);
        cell(out, d.rule_set);
        // Other rule sets whose level differs: "EASL2012=I;STANFORD0.2=S", "[L]" after an unverified set.
        std::string others;
        for (set_level const & o : d.other_sets)
            others += (others.empty() ? "" : ";") + o.set + "=" + std::string{to_string(o.level)}
                      + (o.evidence == "L" ? "[L]" : "");
        cell(out, others, true);
    }
}

std::string calls_header()
{
    return "sample\tgene\tpos\tref_aa\taa\tcodon\tstatus\tdepth\taa_freqs\tins_after\tnote\n";
}

namespace
{
// "RT\t1\t" ... "S\t226\t": the constant start of every calls.tsv row after the sample name.
std::vector<std::string> const & position_prefixes(gene const g)
{
    static std::vector<std::string> const rt = []
    {
        std::vector<std::string> v;
        for (int p = 1; p <= rt_info.n_codons; ++p)
            v.push_back("RT\t" + std::to_string(p) + "\t");
        return v;
    }();
    static std::vector<std::string> const sg = []
    {
        std::vector<std::string> v;
        for (int p = 1; p <= s_info.n_codons; ++p)
            v.push_back("S\t" + std::to_string(p) + "\t");
        return v;
    }();
    return g == gene::rt ? rt : sg;
}
} // namespace

void append_call_rows(std::string & out, sample_report const & s)
{
    if (!s.analysed)
        return;
    std::string name_cell;
    text_cell(name_cell, s.name);
    out.reserve(out.size() + static_cast<std::size_t>(rt_info.n_codons + s_info.n_codons) * (name_cell.size() + 40));
    for (gene const g : {gene::rt, gene::s})
    {
        gene_translation const & t = s.calls.of(g);
        std::vector<std::string> const & prefix = position_prefixes(g);
        for (int pos = 1; pos <= info(g).n_codons; ++pos)
        {
            codon_call const & c = t.at(pos);
            out += name_cell;
            out += prefix[static_cast<std::size_t>(pos - 1)];
            out += s.calls.ref_aa(g, pos);
            out += '\t';
            if (c.status == codon_status::deleted)
                out += '-';
            else if (c.status == codon_status::called || c.status == codon_status::ambiguous)
                for (std::size_t i = 0; i < aa_alphabet.size(); ++i)
                    if (c.aa.bits() & (std::uint32_t{1} << i))
                        out += aa_alphabet[i];
            out += '\t';
            out += c.codon;
            out += '\t';
            out += to_string(c.status);
            out += '\t';
            if (c.has_depth)
                cell(out, static_cast<long long>(c.depth));
            else
                out += '\t';
            if (c.has_depth)
                out += freq_text(c);
            out += '\t';
            if (!t.insertions.empty())
                out += insertion_text(t, pos);
            out += '\t';
            out += c.note;
            out += '\n';
        }
    }
}

std::string mutation_display(mutation_row const & r)
{
    if (r.has_freq && r.minority)
        return r.mutation.label() + "(" + format_fixed(100 * r.freq, 1) + "%)";
    return r.mutation.label();
}

std::string mutations_header()
{
    return "sample\tgene\tpos\tref_aa\taa\tmutation\ttype\tcodon\tref_codon\tother_frame\tnative_"
           "in\tnote\tfreq\tdepth\n";
}

void append_mutation_rows(std::string & out, sample_report const & s)
{
    if (!s.analysed)
        return;
    for (mutation_row const & r : s.mutations)
    {
        aa_mutation const & m = r.mutation;
        text_cell(out, s.name);
        cell(out, info(m.g).name);
        cell(out, m.pos);
        out.push_back(m.ref);
        out.push_back('\t');
        cell(out,
             m.kind == mutation_kind::insertion ? m.inserted
                                                : (m.kind == mutation_kind::deletion ? "-" : m.aa.to_string()));
        cell(out, m.label());
        cell(out, to_string(m.kind));
        cell(out, r.codon);
        cell(out, r.ref_codon);
        cell(out, r.other_frame);
        cell(out, r.native_in);
        text_cell(out, r.note);
        if (r.has_freq)
        {
            cell(out, format_fixed(r.freq, 4));
            cell(out, static_cast<long long>(r.depth), true);
        }
        else
        {
            cell(out, "");
            cell(out, "", true);
        }
    }
}

std::string linkage_header()
{
    return "sample\tpositions\thaplotype\tcount\tdepth\tfreq\n";
}

void append_linkage_rows(std::string & out, sample_report const & s)
{
    if (!s.analysed || !s.ngs)
        return;
    for (linkage_row const & l : s.ngs->linkage)
    {
        text_cell(out, s.name);
        std::string pos;
        for (int const p : l.positions)
            pos += (pos.empty() ? "" : ",") + std::to_string(p);
        cell(out, pos);
        cell(out, l.haplotype);
        cell(out, static_cast<long long>(l.count));
        cell(out, static_cast<long long>(l.depth));
        cell(out, format_fixed(l.freq, 4), true);
    }
}

void append_consensus_record(std::string & out, sample_report const & s)
{
    if (!s.analysed || !s.ngs || s.ngs->consensus.empty())
        return;
    ngs_result const & n = *s.ngs;
    out += ">" + tsv_cell(s.name) + " consensus " + n.consensus_region
           + " IUPAC>=" + format_fixed(n.thresholds.consensus_threshold, 2) + " N:depth<"
           + std::to_string(n.thresholds.min_depth) + " Q>=" + std::to_string(n.thresholds.min_baseq) + "\n";
    for (std::size_t i = 0; i < n.consensus.size(); i += 70)
        out += n.consensus.substr(i, 70) + "\n";
}

} // namespace hbvdr
