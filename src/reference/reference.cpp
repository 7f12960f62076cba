#include <fstream>
#include <map>
#include <sstream>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/tsv_table.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

namespace
{

constexpr std::string_view manifest_magic = "#hbvdr-data-manifest";
constexpr long long manifest_version = 1;

std::string read_file(std::filesystem::path const & p)
{
    std::optional<std::string> text = read_whole_file(p);
    if (!text)
        throw data_error{p.string() + ": cannot be opened (is --data-dir pointing at hbvdr's data/ directory?)"};
    return std::move(*text);
}

// data/manifest.tsv: the magic line, '#version', '#file <path> <sha256>' and one row per reference.
struct manifest_row
{
    std::string accession, subgenotype;
    char genotype{'?'};
    bool gt_ref{false};
    long long length{0}, rt1{0};
    std::string sha;
    std::size_t line{0};
};

struct data_manifest
{
    std::string data_version;
    std::string fasta_rel; // the panel FASTA, relative to the data directory
    std::string fasta_sha;
    std::vector<manifest_row> rows;
};

data_manifest parse_data_manifest(std::string const & text, std::string const & mpath)
{
    data_manifest m;
    tsv_format const format{.what = "data manifest",
                            .magic = manifest_magic,
                            .min_version = manifest_version,
                            .max_version = manifest_version,
                            .version_help = "use a matching data/ directory",
                            .header = "accession\tgenotype\tsubgenotype\tgenotype_reference\tlength\trt1_nt\tsha256",
                            .help = "is --data-dir pointing at hbvdr's data/ directory?",
                            .errors = tsv_errors::data};
    tsv_table const table = parse_tsv(text, mpath, format);
    for (tsv_line const & c : table.comments)
    {
        auto const & f = c.cells;
        std::string const where = table.where(c.line);
        if (f[0] == "#file")
        {
            if (f.size() != 3)
                throw data_error{where + ": '#file' needs a path and a sha256"};
            m.fasta_rel = f[1];
            m.fasta_sha = f[2];
        }
        else if (f[0] == "#version")
        {
            if (f.size() != 2 || f[1].empty())
                throw data_error{where + ": '#version' needs one value (e.g. 2026.1)"};
            m.data_version = f[1];
        }
    }
    for (tsv_line const & t : table.rows)
    {
        auto const & f = t.cells;
        std::string const where = table.where(t.line);
        manifest_row r{f[0], f[2], f[1].size() == 1 ? f[1][0] : '?', f[3] == "yes", 0, 0, f[6], t.line};
        if (genotype_index(r.genotype) < 0)
            throw data_error{where + ": unknown genotype '" + f[1] + "'"};
        if (f[3] != "yes" && f[3] != "no")
            throw data_error{where + ": genotype_reference must be yes or no"};
        if (!parse_int(f[4], r.length) || !parse_int(f[5], r.rt1))
            throw data_error{where + ": length and rt1_nt must be integers"};
        m.rows.push_back(std::move(r));
    }
    if (m.fasta_rel.empty() || m.rows.empty())
        throw data_error{mpath + ": no '#file' line or no reference rows"};
    if (m.fasta_rel.find("..") != std::string::npos || std::filesystem::path{m.fasta_rel}.is_absolute())
        throw data_error{mpath + ": the '#file' path must stay inside the data directory"};
    return m;
}

struct fasta_entry
{
    std::string name;
    std::string sequence;
    std::size_t line{};
};

// Bundled data only: a strict, simple parser (user input goes through io/).
std::vector<fasta_entry> parse_bundled_fasta(std::string const & text, std::string const & where)
{
    std::vector<fasta_entry> out;
    std::size_t line_no = 0;
    for (std::string_view line : split(text, '\n'))
    {
        ++line_no;
        line = trim(line);
        if (line.empty())
            continue;
        if (line.front() == '>')
        {
            std::string_view const header = line.substr(1);
            out.push_back({std::string{header.substr(0, header.find_first_of(" \t"))}, {}, line_no});
            continue;
        }
        if (out.empty())
            throw data_error{where + ":" + std::to_string(line_no) + ": sequence before the first '>' header"};
        for (char const c : line)
        {
            char const u = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            if (iupac_mask(u) == 0)
                throw data_error{where + ":" + std::to_string(line_no) + ": invalid nucleotide '" + std::string(1, c)
                                 + "'"};
            out.back().sequence.push_back(u);
        }
    }
    return out;
}

void check_frames(reference_genome & ref, std::string const & where)
{
    auto fail = [&](std::string const & what)
    {
        throw data_error{where + ": reference " + ref.accession + ": " + what};
    };
    std::size_t const rt_len = 3 * static_cast<std::size_t>(rt_info.n_codons);
    if (ref.rt1_nt < 1 || ref.rt_offset() + rt_len > ref.sequence.size())
        fail("rt1_nt " + std::to_string(ref.rt1_nt) + " leaves no room for 344 RT codons");
    ref.rt_protein = translate_plain(ref.rt_nucleotides());
    if (ref.rt_protein.find('*') != std::string::npos)
        fail("stop codon inside rt1-rt344: wrong rt1_nt or corrupt sequence");
    if (ref.rt_protein.substr(202, 4) != "YMDD")
        fail("rt203-rt206 is " + ref.rt_protein.substr(202, 4) + ", not YMDD: wrong rt1_nt?");
    std::size_t const s_off = ref.rt_offset() + static_cast<std::size_t>(s_offset_from_rt1);
    std::string const s_full = translate_plain(std::string_view{ref.sequence}.substr(s_off, 3 * 227));
    if (s_full.front() != 'M' || s_full.substr(0, 226).find('*') != std::string::npos || s_full.back() != '*')
        fail("the S ORF is not 226 codons + stop starting 25 nt after rt1");
    ref.s_protein = s_full.substr(0, 226);
}

// A few panel genomes carry IUPAC codes (FJ356715, the genotype H reference, has W and Y in RT).
// A reference residue must be one amino acid, so each ambiguous base inside rt1-rt344 is resolved
// to the one of its bases most common at that site among the other panel genomes (the RT is
// colinear in all of them); ties go to the alphabetically first base. Documented in data/README.md.
void resolve_rt_ambiguities(std::vector<reference_genome> & panel)
{
    std::size_t const rt_len = 3 * static_cast<std::size_t>(rt_info.n_codons);
    for (reference_genome & g : panel)
    {
        for (std::size_t i = 0; i < rt_len; ++i)
        {
            char & c = g.sequence[g.rt_offset() + i];
            std::uint8_t const m = iupac_mask(c);
            if ((m & (m - 1)) == 0)
                continue;
            std::array<int, 4> votes{};
            for (reference_genome const & o : panel)
            {
                std::uint8_t const om = iupac_mask(o.sequence[o.rt_offset() + i]);
                for (int b = 0; b < 4; ++b)
                    if (om == (1u << b) && (m & (1u << b)))
                        ++votes[static_cast<std::size_t>(b)];
            }
            int best = -1;
            for (int const b : {0, 1, 2, 3}) // A C G T
                if ((m & (1u << b))
                    && (best < 0 || votes[static_cast<std::size_t>(b)] > votes[static_cast<std::size_t>(best)]))
                    best = b;
            c = mask_to_iupac(static_cast<std::uint8_t>(1u << best));
            ++g.resolved_rt_bases;
        }
    }
}

} // namespace

std::string translate_plain(std::string_view const nt)
{
    std::string out;
    out.reserve(nt.size() / 3);
    for (std::size_t i = 0; i + 2 < nt.size(); i += 3)
    {
        aa_set const s = translate_codon(nt.substr(i, 3));
        out.push_back(s.is_single() ? s.single() : 'X');
    }
    return out;
}

char reference_genome::residue(gene const g, int const pos) const noexcept
{
    std::string const & prot = g == gene::rt ? rt_protein : s_protein;
    if (pos < 1 || static_cast<std::size_t>(pos) > prot.size())
        return '?';
    return prot[static_cast<std::size_t>(pos - 1)];
}

reference_set reference_set::load(std::filesystem::path const & data_dir)
{
    reference_set set;
    set.m_dir = data_dir;
    std::filesystem::path const manifest_path = data_dir / "manifest.tsv";
    std::string const manifest_text = read_file(manifest_path);
    set.m_manifest_sha = sha256_hex(manifest_text);
    std::string const mpath = manifest_path.string();

    data_manifest const manifest = parse_data_manifest(manifest_text, mpath);
    set.m_data_version = manifest.data_version;
    std::string const & fasta_rel = manifest.fasta_rel;
    std::string const & fasta_sha = manifest.fasta_sha;
    std::vector<manifest_row> const & rows = manifest.rows;

    std::filesystem::path const fasta_path = data_dir / fasta_rel;
    std::string const fasta_text = read_file(fasta_path);
    if (std::string const got = sha256_hex(fasta_text); got != fasta_sha)
        throw data_error{fasta_path.string() + ": sha256 " + got + " does not match the manifest (" + fasta_sha
                         + "): the bundled references were modified; restore them from git, or regenerate "
                           "the manifest with scripts/release/make-data-manifest.py if the change is intended"};
    std::vector<fasta_entry> entries = parse_bundled_fasta(fasta_text, fasta_path.string());
    std::map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (!by_name.emplace(entries[i].name, i).second)
            throw data_error{fasta_path.string() + ":" + std::to_string(entries[i].line) + ": duplicate record "
                             + entries[i].name};
    if (entries.size() != rows.size())
        throw data_error{mpath + ": lists " + std::to_string(rows.size()) + " references but " + fasta_path.string()
                         + " holds " + std::to_string(entries.size())};

    for (manifest_row const & r : rows)
    {
        std::string const where = mpath + ":" + std::to_string(r.line);
        auto const it = by_name.find(r.accession);
        if (it == by_name.end())
            throw data_error{where + ": " + r.accession + " is not in " + fasta_path.string()};
        fasta_entry & e = entries[it->second];
        if (static_cast<long long>(e.sequence.size()) != r.length)
            throw data_error{where + ": " + r.accession + " has length " + std::to_string(e.sequence.size())
                             + ", manifest says " + std::to_string(r.length)};
        if (std::string const got = sha256_hex(e.sequence); got != r.sha)
            throw data_error{where + ": sha256 of " + r.accession + " is " + got + ", manifest says " + r.sha};
        reference_genome & g = set.m_panel.emplace_back();
        g.accession = r.accession;
        g.genotype = r.genotype;
        g.subgenotype = r.subgenotype;
        g.genotype_reference = r.gt_ref;
        g.sequence = std::move(e.sequence);
        g.rt1_nt = static_cast<int>(r.rt1);
    }

    resolve_rt_ambiguities(set.m_panel);
    for (reference_genome & g : set.m_panel)
        check_frames(g, mpath);

    for (char const gt : genotype_letters)
    {
        std::optional<std::size_t> found;
        for (std::size_t i = 0; i < set.m_panel.size(); ++i)
            if (set.m_panel[i].genotype == gt && set.m_panel[i].genotype_reference)
            {
                if (found)
                    throw data_error{mpath + ": two genotype references for genotype " + std::string(1, gt)};
                found = i;
            }
        if (!found)
            throw data_error{mpath + ": no genotype reference for genotype " + std::string(1, gt)};
        set.m_genotype_refs.push_back(*found);
    }

    if (set.m_panel.size() > 64)
        throw data_error{mpath + ": more than 64 reference genomes are not supported"};
    set.m_rt_differ.assign(3 * static_cast<std::size_t>(rt_info.n_codons), {});
    for (std::size_t r = 0; r < set.m_panel.size(); ++r)
    {
        std::string_view const rt = set.m_panel[r].rt_nucleotides();
        for (std::size_t i = 0; i < rt.size(); ++i)
            for (std::size_t b = 0; b < 4; ++b)
                if (rt[i] != "ACGT"[b])
                    set.m_rt_differ[i][b] |= std::uint64_t{1} << r;
    }
    set.m_native_rt.assign(static_cast<std::size_t>(rt_info.n_codons), {});
    set.m_native_s.assign(static_cast<std::size_t>(s_info.n_codons), {});
    for (reference_genome const & g : set.m_panel)
    {
        auto const gi = static_cast<std::size_t>(genotype_index(g.genotype));
        for (std::size_t p = 0; p < g.rt_protein.size(); ++p)
            set.m_native_rt[p][gi] = set.m_native_rt[p][gi] | aa_set::of(g.rt_protein[p]);
        for (std::size_t p = 0; p < g.s_protein.size(); ++p)
            set.m_native_s[p][gi] = set.m_native_s[p][gi] | aa_set::of(g.s_protein[p]);
    }
    return set;
}

std::optional<std::size_t> reference_set::genotype_reference_index(char const genotype) const noexcept
{
    int const gi = genotype_index(genotype);
    if (gi < 0 || static_cast<std::size_t>(gi) >= m_genotype_refs.size())
        return std::nullopt;
    return m_genotype_refs[static_cast<std::size_t>(gi)];
}

std::array<aa_set, 10> const & reference_set::native_residues(gene const g, int const pos) const
{
    auto const & table = g == gene::rt ? m_native_rt : m_native_s;
    if (pos < 1 || static_cast<std::size_t>(pos) > table.size())
        throw std::out_of_range{"native_residues: position out of range"};
    return table[static_cast<std::size_t>(pos - 1)];
}

std::string reference_set::genotypes_with_residue(gene const g, int const pos, aa_set const aa) const
{
    std::string out;
    if (pos < 1 || pos > info(g).n_codons)
        return out;
    auto const & per_gt = native_residues(g, pos);
    for (std::size_t i = 0; i < per_gt.size(); ++i)
        if (per_gt[i].intersects(aa))
            out.push_back(genotype_letters[i]);
    return out;
}

} // namespace hbvdr
