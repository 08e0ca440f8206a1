-- Names taken from Telegram were stored as "first last": 小芳 李 for 李小芳, as Chinese users
-- put the given name first. The code now writes them family name first (person_names.py);
-- the names already stored from invites that are two runs of Han characters about one space
-- are turned round the same way. Names from the organisation file are left as written.
UPDATE staff
SET name = substr(name, instr(name, ' ') + 1) || substr(name, 1, instr(name, ' ') - 1)
WHERE source = 'invite'
  AND name GLOB '?* ?*'
  AND name NOT GLOB '* * *'
  AND name NOT GLOB '*[^一-鿿 ]*';
