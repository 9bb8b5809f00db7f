__briefingSearch.add("text-22",{"prefix":"u","words":{"uk":[16],"ukraine":[19],"ukrainian":[0,4,13],"unchanged":[12],"union":[0],"united":[0,17],"upon":[17],"urging":[16],"us":[17]}});
