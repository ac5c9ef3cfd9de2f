"""Concept quizzes, lessons and interview practice: the question bank is data (grader/data/questions),
numeric questions draw their numbers per attempt and compute their answers in code."""
