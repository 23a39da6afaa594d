import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { StrictValidationPipe } from './validation-pipe';

class NameDto {
  @IsString()
  name!: string;

  @IsOptional() @IsString()
  note?: string;
}

const pipe = new StrictValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });
const body: ArgumentMetadata = { type: 'body', metatype: NameDto };

async function messages(value: unknown, metadata = body): Promise<string[]> {
  const err: unknown = await pipe.transform(value, metadata).then(() => undefined, (e: unknown) => e);
  if (!(err instanceof BadRequestException)) throw new Error(`not refused: ${String(err)}`);
  return (err.getResponse() as { message: string[] }).message;
}

describe(StrictValidationPipe.name, () => {
  it.each(['constructor', 'hasOwnProperty', 'toString', 'valueOf', '__lookupGetter__', 'prototype'])('refuses an own key %s as an unknown field', async (key) => {
    expect(await messages(JSON.parse(`{"name":"x","${key}":"y"}`))).toEqual([`property ${key} should not exist`]);
  });

  it('names nested keys with their path, beside every other error of the request', async () => {
    expect(await messages({ name: { toString: 1 }, extra: [{ isPrototypeOf: 2 }] })).toEqual([
      'name.property toString should not exist',
      'extra.0.property isPrototypeOf should not exist',
      'property extra should not exist',
      'name must be a string',
    ]);
  });

  it('reads query objects without a prototype of their own too', async () => {
    const query = Object.assign(Object.create(Object.create(null) as object) as Record<string, string>, { name: 'x', valueOf: '1' });
    expect(await messages(query, { type: 'query', metatype: NameDto })).toEqual(['property valueOf should not exist']);
  });

  it('passes a clean body through as the DTO', async () => {
    await expect(pipe.transform({ name: 'x', note: 'toString' }, body)).resolves.toEqual(Object.assign(new NameDto(), { name: 'x', note: 'toString' }));
  });
});
