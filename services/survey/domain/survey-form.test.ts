import { describe, expect, it } from 'vitest';
import { isSurveyToken, readSurveyForm } from './survey-form.ts';

describe('a web survey token', () => {
  it('is 16 characters of base64url, and nothing else is looked up', () => {
    expect(isSurveyToken('AbCd-_0123456789')).toBe(true);
    for (const token of [undefined, '', 'AbCd-_012345678', 'AbCd-_01234567890', 'AbCd+/0123456789', 'AbCd-_012345678=', '../../etc/passwd', 'AbCd-_01234567\u00e989']) expect(isSurveyToken(token)).toBe(false);
  });
});

describe('the posted survey form', () => {
  it('reads the level alone, without criteria', () => {
    expect(readSurveyForm('level=very-satisfied')).toEqual({ ok: true, answer: { level: 'very-satisfied' } });
  });

  it('reads both criteria, and one of them with the other as not said', () => {
    expect(readSurveyForm('level=satisfied&staffAttitude=courteous&visits=two')).toEqual({ ok: true, answer: { level: 'satisfied', criteria: { staffAttitude: 'courteous', visits: 'two' } } });
    expect(readSurveyForm('level=not-satisfied&visits=three-or-more')).toEqual({ ok: true, answer: { level: 'not-satisfied', criteria: { staffAttitude: null, visits: 'three-or-more' } } });
    expect(readSurveyForm('level=satisfied&staffAttitude=discourteous&visits=')).toEqual({ ok: true, answer: { level: 'satisfied', criteria: { staffAttitude: 'discourteous', visits: null } } });
  });

  it('asks for the level when it is missing or blank, keeping what was chosen', () => {
    expect(readSurveyForm('')).toEqual({ ok: false, problem: 'no-level', chosen: {} });
    expect(readSurveyForm('level=&visits=one')).toEqual({ ok: false, problem: 'no-level', chosen: { level: '', visits: 'one' } });
    expect(readSurveyForm('staffAttitude=courteous')).toEqual({ ok: false, problem: 'no-level', chosen: { staffAttitude: 'courteous' } });
  });

  it('refuses what the form cannot send: unknown values, unknown fields, a field twice', () => {
    for (const body of ['level=1', 'level=Rất hài lòng', 'level=satisfied&visits=four', 'level=satisfied&staffAttitude=rude', 'level=satisfied&comment=hi', 'level=satisfied&level=not-satisfied', 'level=satisfied&visits=one&visits=two']) {
      expect(readSurveyForm(body), body).toMatchObject({ ok: false, problem: 'invalid' });
    }
  });
});
