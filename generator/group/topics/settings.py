"""How topics are scored and chosen: every setting in one value, so a benchmark can switch each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicSettings:
    calibrated: bool = True       # per-topic z-scores; False: raw cosines
    reference: bool = True        # calibrate against the shipped reference abstracts (when the spaces have them)
    background: bool = True       # else: over the papers outside each topic; False: over all papers
    phrase_view: bool = True      # also score the topic's best single phrase
    threshold: float = 0.0        # calibrated: at or above the topic's background similarity
    # Further topics within `margin` standard deviations of the best; chosen on the dev choose half
    # (benchmarks/topics.py): against the reference, 0.3 placed 89.3% of the reader's first topics
    # at 87.5% precision, 0.2 85.7% at 88.4%.
    margin: float = 0.3
    # A further topic also counts when its own evidence (similarity and pins, without the source
    # prior) is this far above its background: the prior orders topics and may add one, but must
    # not push out a topic the paper is plainly about (a cs.CL paper on radiology reports stays in
    # medicine). Chosen on the dev choose half: 2.3-2.4 kept 89.3% primary, 2.5 lost a paper, below
    # 2.3 precision fell under 85% (and against the reference 3.0 gave 89.3 / 86.8, no limit 87.5 / 87.5).
    strong: float = 2.4
    strong_within_digest: bool = True   # ... and also this far above the digest's own papers of other topics
    max_topics: int = 3
    # Weight of the pinned papers' mean against the description in a topic's prototype. 0: pins
    # teach through the pin model alone; on the dev choose half (5-fold pins) pulling prototypes
    # as well cost precision (89.3 / 86.6 against 89.3 / 87.5).
    exemplar_weight: float = 0.0
    min_calibration: int = 20     # fewer papers than this: raw cosines with the fallback rule
    fallback_threshold: float = 0.35
    fallback_margin: float = 0.03
    temperature: float = 3.0      # calibrated units -> log-odds: best likelihood of the reader's first topics
    # Described only (nothing taught): "no topic fits" is one more outcome, scored at `threshold` +
    # `none_offset` (or `fallback_threshold` on raw cosines), so that in a small taxonomy a paper
    # none of the topics fits is not "100% sure" of the least bad one; the confidence has its own
    # temperature. Both chosen by benchmarks/confidence.py on two blind readers' choose half (log
    # loss of the first topics' confidences, the full taxonomy and two-topic ones weighing the
    # same): on the report half, two-topic taxonomies' calibration error 0.527 -> 0.092 and
    # off-taxonomy papers claimed at >= 90% 55% -> 1%; the full taxonomy's error 0.184 -> 0.188
    # (46% said for 63% right: it errs on the modest side). Weighing the outcomes by their
    # estimated shares (EM) did worse (0.158 in pairs, 0.251 full). False: a softmax over the
    # topics alone, at `temperature`.
    none_outcome: bool = True
    described_temperature: float = 1.5
    none_offset: float = 2.0
    none_prior: bool = False      # the outcomes weighed by their estimated shares among the digest's papers
    source_prior: bool = True     # papers sharing an arXiv primary category share a prior
    prior_pseudocount: float = 10.0   # the prior's smoothing towards uniform, in papers
    # The prior's weight against the similarities, in log-odds: 1 is Bayes. On the first 10 arXiv
    # days every step up buys cs.CL -> Language models with cross-listed papers' second field
    # (weight 1: 71.5% and 46% of cross-lists kept; 1.5: 75.9 / 44; 3: 84.9 / 36): a prior
    # turning into a rule, so 1.
    prior_weight: float = 1.0
    prior_against_digest: bool = True   # False: against uniform, as before (kept for the benchmark)
    # Further topics may also come from the prior against uniform: a paper's first topic is what
    # it is mainly about, but the category's base rate is good evidence of what else it belongs
    # to (a cs.CL paper on clinical notes is in Medicine and in Language models too). Adding never
    # removes a topic. First 10 arXiv days: cs.CL -> LM 86.7 -> 94.6%, cs.CV -> vision 92.9 ->
    # 95.1%, the blind reader's primary 67.5 -> 75.0% at 60.6 -> 58.0% precision; first topics,
    # Medicine and cross-lists unchanged.
    prior_adds_topics: bool = True
    pin_model: bool = True        # pinned papers train a linear model over the embeddings
    # On each pinned paper's first topic: trained on all its topics as a shared target the model
    # learnt to spread a paper over several, which cost precision (dev 5-fold at pin_l2 3: 82.7%
    # against 87.1%).
    pin_first_topic: bool = True
    # Its L2 penalty (on the summed log-loss). Chosen with pins on one labelled set and scores on
    # another (benchmarks/topics.py --choose): dev's 113 papers pinned, the 150 arXiv papers read
    # blind against the same taxonomy scored, and the other way round, and dev's 5-fold. At 3:
    # dev pins -> arXiv 62.0 -> 68.0% primary, 58.5 -> 62.8% precision; arXiv pins -> dev 89.4 ->
    # 90.3 / 86.9 -> 85.8; 5-fold 89.3 -> 87.5 / 87.5 -> 87.1. At 100 (until then) pins moved
    # scores but no assignment; at 1 precision fell on dev (83.7 with arXiv pins).
    pin_l2: float = 3.0
    # Taught topics (issue 31). A topic is taught when at least `min_taught` exemplars or pins
    # have it first: its papers are then chosen by what those examples teach, the description
    # only an offset (`taught_offset` times its calibrated score). A topic below that (a new one,
    # described only) keeps its zero-shot probability. Chosen on the two-reader choose half
    # (benchmarks/topics.py): see docs/curating.md, "Topics".
    taught: bool = True
    min_taught: int = 5
    taught_offset: float = 1.0
    taught_l2: float = 0.3        # the L2 penalty of the taught model (on the summed log-loss)
    # A further taught topic counts when a one-vs-rest model of it, trained on every topic of the
    # exemplars and pins, gives it at least this probability: readers give about 1.5 topics a
    # paper, each one that clearly holds.
    holds: float = 0.4
    holds_c: float = 10.0         # inverse L2 penalty of the one-vs-rest models (scikit-learn's C)
    # A pinned paper's weight in the models pins train (taught, or issue 21's pin model), an
    # exemplar's being 1. Against 2,312 exemplars the least confident 24 of the two-reader choose
    # half pinned moved the other papers' primary 92.5 -> 90.7 at weight 1, -> 92.5 at 3 and 10:
    # within a paper or two either way, so 1.
    pin_weight: float = 1.0


# The rule before issue 11, kept for the benchmark: raw cosines to the description prototype,
# one global threshold and margin.
BEFORE_ISSUE_11 = TopicSettings(calibrated=False, phrase_view=False, threshold=0.35, margin=0.03,
                                strong=float("inf"), source_prior=False, pin_model=False, exemplar_weight=1.0,
                                prior_adds_topics=False, taught=False)
# The rule before issue 21: calibrated over all the digest's papers, no source prior, pins only
# pulling prototypes.
BEFORE_ISSUE_21 = TopicSettings(reference=False, background=False, margin=0.2, strong=float("inf"),
                                source_prior=False, pin_model=False, exemplar_weight=1.0, prior_adds_topics=False,
                                taught=False)
# The rule of issue 21: described topics only; exemplars and pins teach only through the pin model.
BEFORE_ISSUE_31 = TopicSettings(taught=False)
