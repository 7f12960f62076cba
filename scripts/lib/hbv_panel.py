"""hbvdr's HBV reference panel and its numbering, for the Python scripts (fixtures, release, bench).

The one place those scripts read data/references/hbv_reference_panel.fasta and know where a codon
sits. Numbering is EcoRI (nt 1 = the first T of the EcoRI site GAATTC); rt codon n (1..RT_CODONS)
occupies nt RT1_NT + 3(n-1) .. RT1_NT + 3(n-1) + 2 in every genotype. RT1_NT and RT_CODONS are read
from `rt_info` in include/hbvdr/core/genes.hpp, the constant hbvdr compiles in, so the scripts
cannot drift from the binary (data/manifest.tsv's rt1_nt column is not the source: it is written
by scripts/release/make-data-manifest.py from this module).

Use from a script one folder below scripts/:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
    import hbv_panel
"""
import pathlib
import re
from typing import NamedTuple

ROOT = pathlib.Path(__file__).resolve().parents[2]
PANEL = ROOT / "data" / "references" / "hbv_reference_panel.fasta"
GENES_HPP = ROOT / "include" / "hbvdr" / "core" / "genes.hpp"

# The McNaughton et al. (2019) genotype representatives, one per genotype A-J: the references hbvdr
# aligns to and takes ref_aa from (data/manifest.tsv column genotype_reference = yes).
GENOTYPE_REFERENCES = {"A": "FJ692557", "B": "GU815637", "C": "GQ377617", "D": "KC875277", "E": "GQ161817",
                       "F": "HM585194", "G": "AB056513", "H": "FJ356715", "I": "AB562463", "J": "AB486012"}

_COMPLEMENT = str.maketrans("ACGTRYKMSWBDHVN", "TGCAYRMKSWVHDBN")


def _rt_info():
    """(first nt, number of codons) of `inline constexpr gene_info rt_info{...}` in genes.hpp."""
    m = re.search(r"gene_info\s+rt_info\s*\{[^}]*?(\d+)\s*,\s*(\d+)\s*\}", GENES_HPP.read_text())
    if not m:
        raise SystemExit(f"hbv_panel: no rt_info{{..., first_nt, n_codons}} in {GENES_HPP}")
    return int(m.group(1)), int(m.group(2))


RT1_NT, RT_CODONS = _rt_info()


class Record(NamedTuple):
    """One panel genome: accession, whole header line (without '>'), upper-case sequence."""
    name: str
    header: str
    seq: str


def read_records(path=PANEL):
    """Every record of a FASTA file (the panel by default), in file order."""
    records, header, seq = [], None, []
    for line in pathlib.Path(path).read_text().splitlines():
        if line.startswith(">"):
            if header is not None:
                records.append(Record(header.split()[0], header, "".join(seq)))
            header, seq = line[1:], []
        elif header is not None:
            seq.append(line.strip().upper())
    if header is not None:
        records.append(Record(header.split()[0], header, "".join(seq)))
    return records


def read_sequences(path=PANEL):
    """{accession: sequence} of a FASTA file (the panel by default), in file order."""
    return {r.name: r.seq for r in read_records(path)}


def genotype_reference(genotype):
    """Sequence of the representative genome of a genotype ('A'..'J')."""
    return read_sequences()[GENOTYPE_REFERENCES[genotype]]


def genotype_reference_records():
    """The ten genotype representatives (GENOTYPE_REFERENCES) as panel records, in panel order."""
    names = set(GENOTYPE_REFERENCES.values())
    return [r for r in read_records() if r.name in names]


def rt_offset(n):
    """0-based genome offset of the first base of rt codon n."""
    return RT1_NT - 1 + 3 * (n - 1)


def set_codon(seq, n, codon):
    """seq with rt codon n replaced by the three bases `codon`."""
    o = rt_offset(n)
    return seq[:o] + codon + seq[o + 3:]


def revcomp(seq):
    """Reverse complement (IUPAC codes complemented, upper case)."""
    return seq[::-1].translate(_COMPLEMENT)


def write_fasta(path, records, width=70):
    """Writes (name or header, sequence) pairs as FASTA, `width` bases a line (the panel's width)."""
    with open(path, "w") as f:
        for header, seq in records:
            f.write(">" + header + "\n")
            for i in range(0, len(seq), width):
                f.write(seq[i:i + width] + "\n")
