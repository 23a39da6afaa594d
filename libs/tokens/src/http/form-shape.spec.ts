import 'reflect-metadata';
import { IsIn, IsOptional, IsString, MaxLength, validateSync } from 'class-validator';
import { formShapeOf } from './form-shape';
import { TokenReferenceDto, TokenRequestDto } from './token-request.dto';

class OtherRuleDto {
  @IsString() @IsIn(['a', 'b'])
  kind: string;
}

class ShortDto {
  @IsString() @MaxLength(3)
  name: string;

  @IsOptional() @IsString() @MaxLength(5)
  note?: string;
}

const instance = <T extends object>(dto: new () => T, params: Record<string, unknown>) => Object.assign(new dto(), params) as Record<string, unknown>;

describe(formShapeOf.name, () => {
  it('passes what class-validator passes and leaves every failure to it', () => {
    const shape = formShapeOf(ShortDto)!;
    const cases: Record<string, unknown>[] = [
      { name: 'abc' }, { name: 'abc', note: 'hello' }, { name: 'abc', extra: 'x'.repeat(100) },
      {}, { note: 'hi' }, { name: 'abcd' }, { name: 'abc', note: 'toolong' }, { name: 3 }, { name: 'ab', note: 7 },
      { name: '😀😀😀' }, // 6 UTF-16 units, 3 characters: class-validator passes it, the quick check defers
    ];
    for (const params of cases) {
      const valid = validateSync(instance(ShortDto, params), { forbidUnknownValues: false }).length === 0;
      const quick = shape(instance(ShortDto, params));
      if (quick) expect(valid).toBe(true);
    }
    expect(shape(instance(ShortDto, { name: 'abc' }))).toBe(true);
    expect(shape(instance(ShortDto, {}))).toBe(false);
    expect(shape(instance(ShortDto, { name: 'abcd' }))).toBe(false);
    expect(shape(instance(ShortDto, { name: 'abc', note: 'toolong' }))).toBe(false);
  });

  it('declines a DTO with any rule it does not know', () => {
    expect(formShapeOf(OtherRuleDto)).toBeNull();
  });

  it('knows the token endpoint forms', () => {
    expect(formShapeOf(TokenRequestDto)!(instance(TokenRequestDto, { grant_type: 'client_credentials' }))).toBe(true);
    expect(formShapeOf(TokenRequestDto)!(instance(TokenRequestDto, { scope: 'a' }))).toBe(false);
    expect(formShapeOf(TokenRequestDto)!(instance(TokenRequestDto, { grant_type: 'x'.repeat(65) }))).toBe(false);
    expect(formShapeOf(TokenReferenceDto)!(instance(TokenReferenceDto, { token: 't', token_type_hint: 'access_token' }))).toBe(true);
  });
});
