__briefingSearch.add("text-22",{"prefix":"u","words":{"uk":[4],"ukraine":[4],"ukrainian":[0,1,3],"unchanged":[3],"union":[0],"united":[0,4],"upon":[4],"urging":[4],"us":[4]}});
