"""Topic scoring and assignment, in one place: the taxonomy's texts (`texts`), each model's view
of papers, topics, reference and exemplars (`spaces`), zero-shot scores from the descriptions
(`zero_shot`), what pins and exemplars teach (`taught`), and the rule that picks a paper's topics
(`assign`). The data flows one way through them, in that order."""

from generator.group.topics.assign import (TopicAssignment, TopicScores, assignments, choose, classify, members,
                                           score_topics, unsorted)
from generator.group.topics.fitted import FittedModels
from generator.group.topics.settings import (BEFORE_ISSUE_11, BEFORE_ISSUE_21, BEFORE_ISSUE_31, TopicSettings)
from generator.group.topics.spaces import TopicSpace, model_space, topic_spaces
from generator.group.topics.texts import TopicVectors, topic_phrases, topic_text, topic_texts

__all__ = ["BEFORE_ISSUE_11", "BEFORE_ISSUE_21", "BEFORE_ISSUE_31", "FittedModels", "TopicAssignment", "TopicScores",
           "TopicSettings", "TopicSpace", "TopicVectors", "assignments", "choose", "classify", "members",
           "model_space", "score_topics", "topic_phrases", "topic_spaces", "topic_text", "topic_texts", "unsorted"]
