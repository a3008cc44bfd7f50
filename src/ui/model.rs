//! The stepper's rules as plain Rust, tested natively: the quiz (what was answered, the
//! score, the last verdict) belongs to one lesson, and a new lesson reads as a fresh quiz
//! without any effect resetting it; a cursor clamps to the timeline.

/// A lesson's identity for the state that belongs to it (its address while it lives).
pub type LessonId = usize;

/// Quiz mode's answers for one lesson.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuizState {
    lesson: LessonId,
    revealed: Vec<usize>,
    score: (u32, u32),
    feedback: Option<(usize, bool, String)>,
}

impl QuizState {
    /// Whether step `step` of lesson `lesson` was answered (and so may show its number).
    pub fn revealed(&self, lesson: LessonId, step: usize) -> bool {
        self.lesson == lesson && self.revealed.contains(&step)
    }

    /// Right answers and questions answered in lesson `lesson` (a new lesson starts at 0 of 0).
    pub fn score(&self, lesson: LessonId) -> (u32, u32) {
        if self.lesson == lesson {
            self.score
        } else {
            (0, 0)
        }
    }

    /// The last verdict, if it was given at `step` of lesson `lesson`: right or not, and what to say.
    pub fn feedback(&self, lesson: LessonId, step: usize) -> Option<(bool, String)> {
        match &self.feedback {
            Some((at, right, say)) if self.lesson == lesson && *at == step => {
                Some((*right, say.clone()))
            }
            _ => None,
        }
    }

    /// Records an answer at `step`: counted and revealed when it was a number (`right` is
    /// Some), only said when it was not one.
    pub fn answer(&mut self, lesson: LessonId, step: usize, right: Option<bool>, say: String) {
        if self.lesson != lesson {
            *self = QuizState {
                lesson,
                ..QuizState::default()
            };
        }
        if let Some(right) = right {
            self.score.0 += u32::from(right);
            self.score.1 += 1;
            if !self.revealed.contains(&step) {
                self.revealed.push(step);
            }
        }
        self.feedback = Some((step, right.unwrap_or(false), say));
    }
}

/// The step to show after moving to `to` in a timeline whose last step is `last`.
pub fn clamp_step(to: usize, last: usize) -> usize {
    to.min(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_lesson_reads_as_a_fresh_quiz() {
        let mut q = QuizState::default();
        q.answer(1, 3, Some(true), "Right".into());
        q.answer(1, 4, Some(false), "Not quite".into());
        assert_eq!(q.score(1), (1, 2));
        assert!(q.revealed(1, 3) && q.revealed(1, 4) && !q.revealed(1, 5));
        assert_eq!(q.feedback(1, 4), Some((false, "Not quite".into())));
        assert_eq!(q.feedback(1, 3), None);
        // Another lesson: nothing answered, score 0 of 0, no verdict.
        assert_eq!(q.score(2), (0, 0));
        assert!(!q.revealed(2, 3));
        assert_eq!(q.feedback(2, 4), None);
        q.answer(2, 1, Some(true), "Right".into());
        assert_eq!((q.score(2), q.score(1)), ((1, 1), (0, 0)));
    }

    #[test]
    fn a_typed_word_is_answered_but_not_counted_nor_revealed() {
        let mut q = QuizState::default();
        q.answer(7, 2, None, "“abc” is not a number".into());
        assert_eq!(q.score(7), (0, 0));
        assert!(!q.revealed(7, 2));
        assert_eq!(
            q.feedback(7, 2),
            Some((false, "“abc” is not a number".into()))
        );
    }

    #[test]
    fn steps_clamp_to_the_timeline() {
        assert_eq!(clamp_step(20, 17), 17);
        assert_eq!(clamp_step(3, 17), 3);
    }
}
