//! The stepper's rules as plain Rust, tested natively: the cursor (which step, whether it
//! plays) reads clamped to whatever timeline is current, so a shorter program needs no
//! effect pulling it back; the quiz (what was answered, the score, the last verdict)
//! belongs to one lesson, and a new lesson reads as a fresh quiz without any effect
//! resetting it.

/// Where the class is in the timeline, and whether it moves on by itself. The step is
/// read against the current timeline's last step, so it is always a step of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    step: usize,
    playing: bool,
}

impl Cursor {
    /// At step `step`, paused.
    pub fn at(step: usize) -> Cursor {
        Cursor {
            step,
            playing: false,
        }
    }

    /// The step shown in a timeline whose last step is `last`.
    pub fn step(&self, last: usize) -> usize {
        self.step.min(last)
    }

    /// Whether the timeline plays by itself.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Moves to step `to` (at most `last`); playing goes on.
    pub fn go(&mut self, to: usize, last: usize) {
        self.step = to.min(last);
    }

    /// One step on, if there is one.
    pub fn next(&mut self, last: usize) {
        self.go(self.step(last) + 1, last);
    }

    /// One step back, if there is one.
    pub fn back(&mut self, last: usize) {
        self.go(self.step(last).saturating_sub(1), last);
    }

    /// Stops playing where it is.
    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// Back to the first step, paused (a new mode or seed starts its timeline over).
    pub fn restart(&mut self) {
        *self = Cursor::at(0);
    }

    /// Pauses, or plays from here (from the first step when at the last).
    pub fn toggle_play(&mut self, last: usize) {
        if self.playing {
            self.playing = false;
        } else {
            if self.step(last) >= last {
                self.step = 0;
            }
            self.playing = last > 0;
        }
    }

    /// The clock's tick while playing: one step on, or stop at the last step.
    pub fn tick(&mut self, last: usize) {
        if !self.playing {
            return;
        }
        if self.step(last) >= last {
            self.playing = false;
        } else {
            self.next(last);
        }
    }
}

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
    fn the_cursor_stays_inside_the_timeline() {
        let mut c = Cursor::default();
        c.go(20, 17);
        assert_eq!(c.step(17), 17);
        c.next(17);
        assert_eq!(c.step(17), 17);
        c.go(3, 17);
        c.back(17);
        c.back(17);
        c.back(17);
        c.back(17);
        assert_eq!(c.step(17), 0);
    }

    #[test]
    fn a_shorter_program_reads_the_cursor_clamped_and_steps_from_there() {
        let mut c = Cursor::at(30);
        // The program now has 12 steps: the cursor reads as the last of them...
        assert_eq!(c.step(12), 12);
        // ... and moving back goes from there, not from 30.
        c.back(12);
        assert_eq!(c.step(12), 11);
        assert_eq!(c.step(40), 11);
    }

    #[test]
    fn play_runs_to_the_end_and_stops_and_replays_from_the_start() {
        let mut c = Cursor::at(2);
        c.toggle_play(4);
        assert!(c.playing());
        c.tick(4);
        c.tick(4);
        assert_eq!((c.step(4), c.playing()), (4, true));
        c.tick(4);
        assert_eq!((c.step(4), c.playing()), (4, false));
        // Play at the end starts over.
        c.toggle_play(4);
        assert_eq!((c.step(4), c.playing()), (0, true));
        // Pause keeps the step; a tick while paused does nothing.
        c.tick(4);
        c.toggle_play(4);
        c.tick(4);
        assert_eq!((c.step(4), c.playing()), (1, false));
        // A timeline of one step has nothing to play.
        let mut one = Cursor::default();
        one.toggle_play(0);
        assert!(!one.playing());
    }

    #[test]
    fn a_new_mode_restarts_paused() {
        let mut c = Cursor::at(5);
        c.toggle_play(9);
        c.restart();
        assert_eq!((c.step(9), c.playing()), (0, false));
    }
}
